package dev.duplex.engine.extension;

import dev.duplex.engine.extension.ExtensionParameters.Parameter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * The permessage-deflate extension (RFC 7692), both roles, with all four parameters.
 *
 * <h2>Settings ({@link Builder})</h2>
 * <ul>
 *   <li>{@code serverMaxWindowBits} (8-15, default 15): a server compresses with at most this window; a
 *       client below 15 asks the server for it with {@code server_max_window_bits}.</li>
 *   <li>{@code clientMaxWindowBits} (8-15, default 15): a client compresses with at most this window; a
 *       server below 15 asks the client for it with {@code client_max_window_bits} (when the client offered
 *       that parameter, RFC 7692 section 7.1.2.2).</li>
 *   <li>{@code serverNoContextTakeover}, {@code clientNoContextTakeover} (default false): reset the named
 *       side's compression context after each message. It costs compression ratio and saves memory: the
 *       side's zlib state goes back to a shared pool between messages.</li>
 *   <li>{@code level} (0-9, default 6): the zlib compression level.</li>
 *   <li>{@code minSize} (default 0): messages sent whole and shorter than this go uncompressed
 *       (RSV1 is per message, RFC 7692 section 6).</li>
 * </ul>
 * Invalid offers (unknown or repeated parameters, bad values) are declined (section 5); an invalid answer
 * from a server fails the client's connection.
 */
public final class PerMessageDeflate implements ExtensionFactory {
    public static final String NAME = "permessage-deflate";
    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private final int serverMaxWindowBits;
    private final int clientMaxWindowBits;
    private final boolean serverNoContextTakeover;
    private final boolean clientNoContextTakeover;
    private final int level;
    private final int minSize;

    private PerMessageDeflate(Builder b) {
        this.serverMaxWindowBits = checkBits(b.serverMaxWindowBits, "serverMaxWindowBits");
        this.clientMaxWindowBits = checkBits(b.clientMaxWindowBits, "clientMaxWindowBits");
        this.serverNoContextTakeover = b.serverNoContextTakeover;
        this.clientNoContextTakeover = b.clientNoContextTakeover;
        if (b.level < Deflater.NO_COMPRESSION || b.level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("level must be 0 to 9, got " + b.level);
        }
        this.level = b.level;
        if (b.minSize < 0) {
            throw new IllegalArgumentException("minSize must not be negative");
        }
        this.minSize = b.minSize;
    }

    /** Window 15 both ways, context takeover both ways, level 6. */
    public static PerMessageDeflate defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<String> names() {
        return List.of(NAME);
    }

    @Override
    public int rsvBits() {
        return 0b100;
    }

    @Override
    public List<ExtensionParameters> offers() {
        List<Parameter> p = new ArrayList<>();
        if (serverNoContextTakeover) {
            p.add(new Parameter(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientNoContextTakeover) {
            p.add(new Parameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (serverMaxWindowBits < 15) {
            p.add(new Parameter(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
        }
        p.add(new Parameter(CLIENT_MAX_WINDOW_BITS, clientMaxWindowBits < 15 ? Integer.toString(clientMaxWindowBits) : null));
        return List.of(new ExtensionParameters(NAME, p));
    }

    /** RFC 7692 section 7.1: the server's side of the negotiation. */
    @Override
    public Extension accept(ExtensionParameters offer) {
        Params o = Params.read(offer, false);
        if (o == null) {
            return null;
        }
        int serverWindow = Math.min(serverMaxWindowBits, o.serverMaxWindowBits == null ? 15 : o.serverMaxWindowBits);
        boolean serverReset = o.serverNoContextTakeover || serverNoContextTakeover;
        boolean clientReset = o.clientNoContextTakeover || clientNoContextTakeover;
        List<Parameter> answer = new ArrayList<>();
        if (serverReset) {
            answer.add(new Parameter(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientReset) {
            answer.add(new Parameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (o.serverMaxWindowBits != null || serverWindow < 15) {
            answer.add(new Parameter(SERVER_MAX_WINDOW_BITS, Integer.toString(serverWindow)));
        }
        if (o.clientMaxWindowBitsOffered && clientMaxWindowBits < 15) {
            int clientWindow = Math.min(clientMaxWindowBits, o.clientMaxWindowBits == null ? 15 : o.clientMaxWindowBits);
            answer.add(new Parameter(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientWindow)));
        }
        return new PerMessageDeflateExtension(new ExtensionParameters(NAME, answer),
                new Compressor(serverWindow, !serverReset, level), new Decompressor(!clientReset), minSize);
    }

    /** RFC 7692 section 7.1: the client's checks of the server's answer. */
    @Override
    public Extension confirm(ExtensionParameters answer) {
        Params a = Params.read(answer, true);
        if (a == null) {
            throw new IllegalArgumentException("invalid permessage-deflate answer: " + answer);
        }
        if (serverMaxWindowBits < 15 && (a.serverMaxWindowBits == null || a.serverMaxWindowBits > serverMaxWindowBits)) {
            throw new IllegalArgumentException("permessage-deflate answer ignores the requested server_max_window_bits="
                    + serverMaxWindowBits + ": " + answer);
        }
        if (serverNoContextTakeover && !a.serverNoContextTakeover) {
            throw new IllegalArgumentException("permessage-deflate answer lacks the requested server_no_context_takeover: "
                    + answer);
        }
        int clientWindow = Math.min(clientMaxWindowBits, a.clientMaxWindowBits == null ? 15 : a.clientMaxWindowBits);
        boolean clientReset = a.clientNoContextTakeover || clientNoContextTakeover;
        return new PerMessageDeflateExtension(answer, new Compressor(clientWindow, !clientReset, level),
                new Decompressor(!a.serverNoContextTakeover), minSize);
    }

    private static int checkBits(int bits, String what) {
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException(what + " must be 8 to 15, got " + bits);
        }
        return bits;
    }

    @Override
    public String toString() {
        return "PerMessageDeflate[serverMaxWindowBits=" + serverMaxWindowBits + ", clientMaxWindowBits="
                + clientMaxWindowBits + ", serverNoContextTakeover=" + serverNoContextTakeover
                + ", clientNoContextTakeover=" + clientNoContextTakeover + ", level=" + level + ", minSize=" + minSize + "]";
    }

    /** The parameters of one offer or answer, validated (RFC 7692 section 7). */
    private static final class Params {
        boolean serverNoContextTakeover;
        boolean clientNoContextTakeover;
        Integer serverMaxWindowBits;
        boolean clientMaxWindowBitsOffered;
        Integer clientMaxWindowBits;

        /** Null when invalid: unknown or repeated parameter, or a bad value. */
        static Params read(ExtensionParameters e, boolean answer) {
            Params p = new Params();
            Set<String> seen = new HashSet<>();
            for (Parameter param : e.parameters()) {
                if (!seen.add(param.name())) {
                    return null; // sections 7.1: a parameter must not be repeated
                }
                switch (param.name()) {
                    case SERVER_NO_CONTEXT_TAKEOVER -> {
                        if (param.value() != null) {
                            return null;
                        }
                        p.serverNoContextTakeover = true;
                    }
                    case CLIENT_NO_CONTEXT_TAKEOVER -> {
                        if (param.value() != null) {
                            return null;
                        }
                        p.clientNoContextTakeover = true;
                    }
                    case SERVER_MAX_WINDOW_BITS -> {
                        p.serverMaxWindowBits = bits(param.value());
                        if (p.serverMaxWindowBits == null) {
                            return null;
                        }
                    }
                    case CLIENT_MAX_WINDOW_BITS -> {
                        p.clientMaxWindowBitsOffered = true;
                        if (param.value() != null || answer) {
                            // An answer must carry a value (section 7.1.2.2); an offer may.
                            p.clientMaxWindowBits = bits(param.value());
                            if (p.clientMaxWindowBits == null) {
                                return null;
                            }
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return p;
        }

        /** A decimal 8-15 without leading zeros (section 7.1.2), or null. */
        private static Integer bits(String value) {
            if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0') {
                return null;
            }
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                    return null;
                }
            }
            int v = Integer.parseInt(value);
            return v >= 8 && v <= 15 ? v : null;
        }
    }

    /** Builds a {@link PerMessageDeflate}. */
    public static final class Builder {
        private int serverMaxWindowBits = 15;
        private int clientMaxWindowBits = 15;
        private boolean serverNoContextTakeover;
        private boolean clientNoContextTakeover;
        private int level = 6;
        private int minSize;

        private Builder() {
        }

        public Builder serverMaxWindowBits(int bits) {
            this.serverMaxWindowBits = bits;
            return this;
        }

        public Builder clientMaxWindowBits(int bits) {
            this.clientMaxWindowBits = bits;
            return this;
        }

        public Builder serverNoContextTakeover(boolean on) {
            this.serverNoContextTakeover = on;
            return this;
        }

        public Builder clientNoContextTakeover(boolean on) {
            this.clientNoContextTakeover = on;
            return this;
        }

        public Builder level(int level) {
            this.level = level;
            return this;
        }

        public Builder minSize(int bytes) {
            this.minSize = bytes;
            return this;
        }

        public PerMessageDeflate build() {
            return new PerMessageDeflate(this);
        }
    }
}
