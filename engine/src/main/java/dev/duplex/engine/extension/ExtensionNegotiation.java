package dev.duplex.engine.extension;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code Sec-WebSocket-Extensions} negotiation of RFC 6455 section 9.1 over a list of
 * {@link ExtensionFactory}s: which offers a server accepts, what a client offers, and whether a server's
 * answer is acceptable to the client. At most one extension of each factory is used, and no two extensions
 * may claim the same RSV bit.
 */
public final class ExtensionNegotiation {
    private ExtensionNegotiation() {
    }

    /** The extensions agreed for one connection and the header value that announces them. */
    public record Agreed(List<Extension> extensions, String header) {
        public static final Agreed NONE = new Agreed(List.of(), null);

        public Agreed {
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * Server: considers the client's offers in order (all {@code Sec-WebSocket-Extensions} lines of the
     * request). Unknown extensions, offers the factory declines, a second offer of an already accepted kind,
     * and offers whose RSV bits are taken are skipped. A header that cannot be parsed is ignored as a whole
     * (no extension is used).
     */
    public static Agreed accept(List<ExtensionFactory> factories, List<String> offerLines) {
        if (factories.isEmpty() || offerLines.isEmpty()) {
            return Agreed.NONE;
        }
        List<ExtensionParameters> offers;
        try {
            offers = ExtensionHeader.parse(offerLines);
        } catch (IllegalArgumentException e) {
            return Agreed.NONE;
        }
        Map<ExtensionFactory, Boolean> used = new IdentityHashMap<>();
        List<Extension> accepted = new ArrayList<>();
        List<ExtensionParameters> answers = new ArrayList<>();
        int bits = 0;
        for (ExtensionParameters offer : offers) {
            ExtensionFactory factory = find(factories, offer.name());
            if (factory == null || used.containsKey(factory) || (factory.rsvBits() & bits) != 0) {
                continue;
            }
            Extension e = factory.accept(offer);
            if (e == null) {
                continue;
            }
            used.put(factory, Boolean.TRUE);
            bits |= e.rsvBits();
            accepted.add(e);
            answers.add(e.agreed());
        }
        return accepted.isEmpty() ? Agreed.NONE : new Agreed(accepted, ExtensionHeader.format(answers));
    }

    /** Client: the {@code Sec-WebSocket-Extensions} value offering every factory's offers, or null for none. */
    public static String offer(List<ExtensionFactory> factories) {
        List<ExtensionParameters> offers = new ArrayList<>();
        for (ExtensionFactory f : factories) {
            offers.addAll(f.offers());
        }
        return offers.isEmpty() ? null : ExtensionHeader.format(offers);
    }

    /**
     * Client: checks the server's answer (RFC 6455 section 4.1 item 9): every extension in it must have been
     * offered, appear once, and be accepted by its factory.
     *
     * @param answer the header value, or null when the server answered none
     * @throws IllegalArgumentException with the reason, when the client must fail the connection
     */
    public static List<Extension> confirm(List<ExtensionFactory> factories, String answer) {
        if (answer == null || answer.isBlank()) {
            return List.of();
        }
        List<ExtensionParameters> answers = ExtensionHeader.parse(answer);
        List<Extension> confirmed = new ArrayList<>();
        Map<ExtensionFactory, Boolean> used = new IdentityHashMap<>();
        int bits = 0;
        try {
            for (ExtensionParameters a : answers) {
                ExtensionFactory factory = find(factories, a.name());
                if (factory == null || factory.offers().stream().noneMatch(o -> o.name().equals(a.name()))) {
                    throw new IllegalArgumentException("the server answered extension " + a.name()
                            + ", which was not offered");
                }
                if (used.containsKey(factory)) {
                    throw new IllegalArgumentException("the server answered " + a.name() + " twice");
                }
                if ((factory.rsvBits() & bits) != 0) {
                    throw new IllegalArgumentException("the server answered two extensions using the same RSV bit");
                }
                Extension e = factory.confirm(a);
                used.put(factory, Boolean.TRUE);
                bits |= e.rsvBits();
                confirmed.add(e);
            }
        } catch (RuntimeException e) {
            confirmed.forEach(Extension::close);
            throw e;
        }
        return confirmed;
    }

    private static ExtensionFactory find(List<ExtensionFactory> factories, String name) {
        for (ExtensionFactory f : factories) {
            if (f.names().contains(name)) {
                return f;
            }
        }
        return null;
    }
}
