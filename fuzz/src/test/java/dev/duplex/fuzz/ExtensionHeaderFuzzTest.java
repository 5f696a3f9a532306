package dev.duplex.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.extension.DeflateFrame;
import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.extension.ExtensionHeader;
import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.extension.ExtensionParameters;
import dev.duplex.engine.extension.PerMessageDeflate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes {@code Sec-WebSocket-Extensions} handling: {@link ExtensionHeader#parse} and {@code format}, the
 * server's {@link ExtensionNegotiation#accept} against an independent reading of RFC 7692 section 7.1 (and of
 * the deflate-frame draft), and the client's {@link ExtensionNegotiation#confirm} against the same reading.
 * Input: 1 control byte (server/client policy, factory order), then header lines separated by LF (ISO-8859-1).
 */
class ExtensionHeaderFuzzTest {
    static final String PMD = PerMessageDeflate.NAME;
    static final Set<String> DF_NAMES = Set.of(DeflateFrame.NAME, DeflateFrame.WEBKIT_NAME);

    /** The policies both ends may have: serverMaxWindowBits, clientMaxWindowBits, serverNoCT, clientNoCT. */
    record Policy(int serverBits, int clientBits, boolean serverReset, boolean clientReset) {
        PerMessageDeflate factory() {
            return PerMessageDeflate.builder().serverMaxWindowBits(serverBits).clientMaxWindowBits(clientBits)
                    .serverNoContextTakeover(serverReset).clientNoContextTakeover(clientReset).build();
        }
    }

    static final List<Policy> POLICIES = List.of(
            new Policy(15, 15, false, false),
            new Policy(15, 15, true, true),
            new Policy(10, 9, false, false),
            new Policy(8, 12, false, true));

    @FuzzTest(maxDuration = "8s")
    void header(byte[] data) {
        if (data.length < 1) {
            return;
        }
        Policy policy = POLICIES.get(data[0] & 3);
        boolean deflateFrameFirst = (data[0] & 4) != 0;
        String text = new String(data, 1, data.length - 1, StandardCharsets.ISO_8859_1);
        List<String> lines = Arrays.asList(text.split("\n", -1));

        List<ExtensionParameters> parsed = parse(lines);
        checkParsed(lines, parsed);
        checkAccept(policy, deflateFrameFirst, lines, parsed);
        checkConfirm(policy, text.replace('\n', ','));
    }

    /** parse: only IllegalArgumentException; null when refused. */
    private static List<ExtensionParameters> parse(List<String> lines) {
        try {
            return ExtensionHeader.parse(lines);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void checkParsed(List<String> lines, List<ExtensionParameters> parsed) {
        // Several lines are one list: joined with commas they parse to the same list, or both are refused.
        List<ExtensionParameters> joined = parse(List.of(String.join(",", lines)));
        FuzzFailure.check(java.util.Objects.equals(parsed, joined), () -> "lines " + lines + " parse to " + parsed
                + " but joined to " + joined);
        if (parsed == null) {
            return;
        }
        for (ExtensionParameters e : parsed) {
            FuzzFailure.check(isLowerToken(e.name()), () -> "extension name not a lower-case token: " + e);
            for (ExtensionParameters.Parameter p : e.parameters()) {
                FuzzFailure.check(isLowerToken(p.name()) && (p.value() == null || isToken(p.value())), () ->
                        "parameter not token[=token]: " + p + " in " + lines);
            }
        }
        String formatted = ExtensionHeader.format(parsed);
        List<ExtensionParameters> again = parse(List.of(formatted));
        FuzzFailure.check(parsed.equals(again), () -> "format(parse(x)) = \"" + formatted + "\" parses to " + again
                + ", not " + parsed);
    }

    // ------------------------------------------------------------------ server

    private static void checkAccept(Policy policy, boolean deflateFrameFirst, List<String> lines,
                                    List<ExtensionParameters> offers) {
        List<ExtensionFactory> factories = deflateFrameFirst
                ? List.of(DeflateFrame.create(), policy.factory()) : List.of(policy.factory(), DeflateFrame.create());
        ExtensionNegotiation.Agreed agreed;
        try {
            agreed = ExtensionNegotiation.accept(factories, lines);
        } catch (RuntimeException e) {
            throw new FuzzFailure("accept threw " + e + " for " + lines);
        }
        try {
            // Both extensions claim RSV1: the first valid offer of either wins, every later one is skipped;
            // an unparsable header is ignored as a whole.
            ExtensionParameters first = null;
            if (offers != null) {
                for (ExtensionParameters o : offers) {
                    if (o.name().equals(PMD) ? validPmd(o, false) : DF_NAMES.contains(o.name()) && validDf(o)) {
                        first = o;
                        break;
                    }
                }
            }
            ExtensionParameters offer = first;
            if (offer == null) {
                FuzzFailure.check(agreed.header() == null && agreed.extensions().isEmpty(), () ->
                        "accepted " + agreed.header() + " though no valid offer is in " + lines);
                return;
            }
            FuzzFailure.check(agreed.header() != null && agreed.extensions().size() == 1, () ->
                    "the valid offer " + offer + " in " + lines + " was not accepted alone: " + agreed.header());
            List<ExtensionParameters> answer = parse(List.of(agreed.header()));
            FuzzFailure.check(answer != null && answer.size() == 1 && answer.get(0).name().equals(offer.name()),
                    () -> "answer \"" + agreed.header() + "\" is not one element answering " + offer);
            ExtensionParameters a = answer.get(0);
            FuzzFailure.check(a.equals(agreed.extensions().get(0).agreed()), () -> "header " + a
                    + " differs from the extension's agreed parameters " + agreed.extensions().get(0).agreed());
            if (DF_NAMES.contains(a.name())) {
                FuzzFailure.check(a.equals(offer), () -> "deflate-frame answer " + a + " is not the offer " + offer);
                try (Extension e = DeflateFrame.offering(a.name()).confirm(a)) {
                    FuzzFailure.check(e != null, "null confirm");
                }
                return;
            }
            checkServerAnswer(policy, offer, a);
            // A client with the same policy offers client_max_window_bits always, so it must confirm the answer.
            try (Extension e = policy.factory().confirm(a)) {
                FuzzFailure.check(e != null, "null confirm");
            } catch (IllegalArgumentException e) {
                throw new FuzzFailure("a client with the server's policy " + policy + " refuses the answer " + a
                        + " to " + offer + ": " + e.getMessage());
            }
        } finally {
            agreed.extensions().forEach(Extension::close);
        }
    }

    /** RFC 7692 section 7.1 for a server's answer to {@code offer}, and the server's own policy. */
    private static void checkServerAnswer(Policy policy, ExtensionParameters offer, ExtensionParameters a) {
        FuzzFailure.check(validPmd(a, true), () -> "invalid permessage-deflate answer " + a + " to " + offer);
        Integer offeredServerBits = bits(offer, "server_max_window_bits");
        Integer answeredServerBits = bits(a, "server_max_window_bits");
        String where = a + " answering " + offer + " with " + policy;
        if (offeredServerBits != null) { // 7.1.2.1: the server must answer it, with at most the offered value
            FuzzFailure.check(answeredServerBits != null && answeredServerBits <= offeredServerBits, where);
        }
        if (policy.serverBits() < 15) { // the server's own limit must be announced
            FuzzFailure.check(answeredServerBits != null && answeredServerBits <= policy.serverBits(), where);
        }
        if (offer.has("server_no_context_takeover") || policy.serverReset()) { // 7.1.1.1
            FuzzFailure.check(a.has("server_no_context_takeover"), where);
        }
        if (policy.clientReset()) {
            FuzzFailure.check(a.has("client_no_context_takeover"), where);
        }
        if (a.has("client_max_window_bits")) { // 7.1.2.2: only when offered, at most the offered value
            FuzzFailure.check(offer.has("client_max_window_bits"), () -> "unoffered client_max_window_bits in " + where);
            Integer offeredClientBits = bits(offer, "client_max_window_bits");
            int answered = bits(a, "client_max_window_bits");
            FuzzFailure.check(offeredClientBits == null || answered <= offeredClientBits, where);
            FuzzFailure.check(answered <= policy.clientBits(), where);
        }
    }

    // ------------------------------------------------------------------ client

    private static void checkConfirm(Policy policy, String answer) {
        List<ExtensionFactory> factories = List.of(policy.factory(), DeflateFrame.create());
        String expectedRefusal = confirmModel(policy, answer);
        List<Extension> confirmed;
        try {
            confirmed = ExtensionNegotiation.confirm(factories, answer);
        } catch (IllegalArgumentException e) {
            FuzzFailure.check(expectedRefusal != null, () -> "confirm refused \"" + answer + "\" (" + e.getMessage()
                    + ") which a client with " + policy + " must accept");
            return;
        } catch (RuntimeException e) {
            throw new FuzzFailure("confirm threw " + e + " for \"" + answer + "\"");
        }
        confirmed.forEach(Extension::close);
        FuzzFailure.check(expectedRefusal == null, () -> "confirm accepted \"" + answer + "\" with " + policy
                + " though " + expectedRefusal);
    }

    /** Why a client with {@code policy} offering permessage-deflate and x-webkit-deflate-frame must refuse, or null. */
    private static String confirmModel(Policy policy, String answer) {
        if (answer.isBlank()) {
            return null; // no answer: no extension
        }
        List<ExtensionParameters> answers = parse(List.of(answer));
        if (answers == null) {
            return "unparsable";
        }
        if (answers.size() > 1) {
            return "two extensions (one per factory, and both use RSV1)";
        }
        for (ExtensionParameters a : answers) {
            if (a.name().equals(PMD)) {
                if (!validPmd(a, true)) {
                    return "invalid permessage-deflate answer";
                }
                Integer serverBits = bits(a, "server_max_window_bits");
                if (policy.serverBits() < 15 && (serverBits == null || serverBits > policy.serverBits())) {
                    return "server_max_window_bits not honoured";
                }
                if (policy.serverReset() && !a.has("server_no_context_takeover")) {
                    return "server_no_context_takeover not honoured";
                }
            } else if (a.name().equals(DeflateFrame.WEBKIT_NAME)) {
                if (!validDf(a)) {
                    return "invalid deflate-frame answer";
                }
            } else {
                return "not offered";
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ RFC 7692 section 7, independently

    /** Section 7.1: known parameters, none repeated, values as the section says. */
    static boolean validPmd(ExtensionParameters e, boolean answer) {
        Set<String> seen = new HashSet<>();
        for (ExtensionParameters.Parameter p : e.parameters()) {
            if (!seen.add(p.name())) {
                return false;
            }
            boolean ok = switch (p.name()) {
                case "server_no_context_takeover", "client_no_context_takeover" -> p.value() == null;
                case "server_max_window_bits" -> windowBits(p.value());
                case "client_max_window_bits" -> answer ? windowBits(p.value()) : p.value() == null || windowBits(p.value());
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** deflate-frame: {@code max_window_bits=8..15} and {@code no_context_takeover}, each at most once. */
    static boolean validDf(ExtensionParameters e) {
        Set<String> seen = new HashSet<>();
        for (ExtensionParameters.Parameter p : e.parameters()) {
            if (!seen.add(p.name())) {
                return false;
            }
            boolean ok = switch (p.name()) {
                case "no_context_takeover" -> p.value() == null;
                case "max_window_bits" -> windowBits(p.value());
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** 1*DIGIT without leading zero, 8 to 15 (section 7.1.2.1). */
    private static boolean windowBits(String v) {
        return v != null && List.of("8", "9", "10", "11", "12", "13", "14", "15").contains(v);
    }

    private static Integer bits(ExtensionParameters e, String name) {
        ExtensionParameters.Parameter p = e.find(name);
        return p == null || p.value() == null ? null : Integer.valueOf(p.value());
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (char c : s.toCharArray()) {
            if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerToken(String s) {
        return isToken(s) && s.equals(s.toLowerCase(java.util.Locale.ROOT));
    }

    /** Seeds: 1 control byte, then the lines. */
    static byte[] seed(int control, String... lines) {
        byte[] text = String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = new byte[1 + text.length];
        data[0] = (byte) control;
        System.arraycopy(text, 0, data, 1, text.length);
        return data;
    }
}
