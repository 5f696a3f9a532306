package dev.duplex.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.HttpRequestHead;
import dev.duplex.engine.handshake.HttpResponseHead;
import dev.duplex.engine.handshake.OpeningRequest;
import dev.duplex.engine.handshake.ServerHandshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes the server side of the opening handshake: {@code HttpHeadParser.forRequests} and
 * {@code ServerHandshake.validate} over arbitrary request bytes (the whole input is the request, cut into
 * pieces by a seed taken from its bytes). Only {@link HandshakeException} may come out, with a status the server
 * can answer; a refusal must turn into a well-formed error response; an accepted request must really be a
 * valid RFC 6455 opening handshake, and the 101 built for it must satisfy a Duplex client holding the same key.
 * Each request is validated again with every legacy version enabled ({@link LegacyHandshakes}).
 */
class ServerHandshakeFuzzTest {
    private static final Set<Integer> PARSE_STATUSES = Set.of(400, 414, 431, 505);
    static final Set<Integer> VALIDATE_STATUSES = Set.of(400, 405, 426);

    @FuzzTest(maxDuration = "15s")
    @DictionaryFile(resourcePath = "http-request.dict")
    void request(byte[] data) {
        Heads.Outcome parsed = Heads.parseAllWays(true, data);
        if (parsed.failure() != null) {
            HandshakeException e = parsed.failure();
            FuzzFailure.check(PARSE_STATUSES.contains(e.status()), () -> "the parser failed with " + e.getMessage());
            checkRejection(e);
            return;
        }
        if (!parsed.done()) {
            return;
        }
        HttpRequestHead request = parsed.request();
        OpeningRequest offer = null;
        try {
            offer = ServerHandshake.validate(request);
        } catch (HandshakeException e) {
            FuzzFailure.check(VALIDATE_STATUSES.contains(e.status()), () -> "validate failed with " + e.getMessage());
            checkRejection(e);
        }
        if (offer != null) {
            checkAccepted(request, offer);
            checkAnswer(offer);
        }
        LegacyHandshakes.check(request, offer, Arrays.copyOfRange(data, parsed.consumed(), data.length));
    }

    /** RFC 6455 section 4.2.1, checked again from the raw head. */
    static void checkAccepted(HttpRequestHead request, OpeningRequest offer) {
        HttpHeaders h = request.headers();
        FuzzFailure.check(offer.head() == request, "the offer is not about the request");
        FuzzFailure.check(request.method().equals("GET"), "accepted method " + request.method());
        FuzzFailure.check(!request.version().equals("HTTP/1.0"), "accepted HTTP/1.0");
        FuzzFailure.check(h.all("Host").size() == 1 && !offer.host().isEmpty(), "accepted without exactly one Host");
        FuzzFailure.check(h.containsToken("Upgrade", "websocket"), "accepted without Upgrade: websocket");
        FuzzFailure.check(h.containsToken("Connection", "upgrade"), "accepted without Connection: Upgrade");
        FuzzFailure.check(h.all("Sec-WebSocket-Version").equals(List.of("13")) && offer.version() == 13,
                "accepted a version other than 13");
        FuzzFailure.check(h.all("Sec-WebSocket-Key").equals(List.of(offer.key())), "accepted a repeated or other key");
        byte[] nonce;
        try {
            nonce = Base64.getDecoder().decode(offer.key());
        } catch (IllegalArgumentException e) {
            throw new FuzzFailure("accepted a key that is not base64: " + offer.key());
        }
        FuzzFailure.check(nonce.length == 16 && Base64.getEncoder().encodeToString(nonce).equals(offer.key()),
                () -> "accepted a key that is not the canonical base64 of 16 bytes: " + offer.key());
        FuzzFailure.check(h.all("Origin").size() <= 1, "accepted a repeated Origin");
        FuzzFailure.check(offer.origin() == null ? !h.contains("Origin") : offer.origin().equals(h.first("Origin")),
                "origin does not match the header");
        FuzzFailure.check(!h.contains("Transfer-Encoding") && h.all("Content-Length").stream().allMatch("0"::equals),
                "accepted a request with a body");
        FuzzFailure.check(offer.path().startsWith("/") && offer.path().indexOf('#') < 0
                && offer.path().indexOf('?') < 0 && (offer.query() == null || offer.query().indexOf('#') < 0),
                () -> "accepted path " + offer.path() + " query " + offer.query());
        if (request.target().startsWith("/")) {
            String rebuilt = offer.path() + (offer.query() == null ? "" : "?" + offer.query());
            FuzzFailure.check(rebuilt.equals(request.target()), () -> "target " + request.target() + " read as " + rebuilt);
        }
        Set<String> distinct = new HashSet<>(offer.subprotocols());
        FuzzFailure.check(distinct.size() == offer.subprotocols().size(), "accepted repeated subprotocols");
        FuzzFailure.check(offer.subprotocols().stream().allMatch(ServerHandshakeFuzzTest::isToken),
                () -> "accepted subprotocols that are not tokens: " + offer.subprotocols());
        FuzzFailure.check(offer.extensionOffers().equals(h.all("Sec-WebSocket-Extensions")), "extension offers lost");
    }

    /**
     * The 101 for an accepted request, choosing the first subprotocol and echoing the first extension offer,
     * read back by a Duplex client that sent the same key, subprotocols and offer: it must accept it.
     */
    private static void checkAnswer(OpeningRequest offer) {
        String subprotocol = offer.subprotocols().isEmpty() ? null : offer.subprotocols().get(0);
        String extensions = offer.extensionOffers().stream().filter(v -> !v.isBlank()).findFirst().orElse(null);
        ByteBuffer answer = ServerHandshake.accept(offer, subprotocol, extensions, null);
        ClientHandshake client = new ClientHandshake(URI.create("ws://example.com/"), offer.subprotocols(), null,
                extensions, Base64.getDecoder().decode(offer.key()));
        FuzzFailure.check(client.key().equals(offer.key()), "the client's key differs");
        HttpResponseHead response = parseResponse(answer);
        FuzzFailure.check(response.status() == 101, "accept() did not answer 101");
        FuzzFailure.check(Accept.of(offer.key()).equals(response.headers().first("Sec-WebSocket-Accept")),
                "wrong Sec-WebSocket-Accept");
        ClientHandshake.Result result;
        try {
            result = client.validate(response);
        } catch (HandshakeException e) {
            throw new FuzzFailure("a Duplex client refused the server's 101: " + e.getMessage());
        }
        FuzzFailure.check(java.util.Objects.equals(result.subprotocol(), subprotocol), "subprotocol lost");
        FuzzFailure.check(java.util.Objects.equals(result.extensions(), extensions), "extensions lost");
    }

    /** The error response must be a complete HTTP response with the failure's status, and a client must see it. */
    static void checkRejection(HandshakeException e) {
        ByteBuffer bytes = ServerHandshake.reject(e);
        int total = bytes.remaining();
        HttpResponseHead response = parseResponse(bytes);
        FuzzFailure.check(response.status() == e.status() && response.reason().equals(e.reason()),
                () -> "reject() answered " + response.status() + " " + response.reason() + " for " + e.getMessage());
        String length = response.headers().first("Content-Length");
        FuzzFailure.check(length != null && Integer.parseInt(length) == bytes.remaining(),
                "Content-Length does not match the body");
        FuzzFailure.check(response.headers().containsToken("Connection", "close"), "error response without close");
        FuzzFailure.check(total - bytes.remaining() <= HeadLimits.DEFAULT_MAX_HEADER_BYTES, "error head too long");
        try {
            new ClientHandshake(URI.create("ws://example.com/"), null, null, null, new byte[16]).validate(response);
            throw new FuzzFailure("a client accepted the error response for " + e.getMessage());
        } catch (HandshakeException refused) {
            FuzzFailure.check(refused.status() == e.status(), "the client saw another status");
        }
    }

    static HttpResponseHead parseResponse(ByteBuffer bytes) {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        Heads.Outcome outcome = Heads.parse(false, HeadLimits.defaults(), array, new int[] {0, array.length});
        if (!outcome.done()) {
            throw new FuzzFailure("a response written by ServerHandshake does not parse: " + outcome.describe());
        }
        bytes.position(bytes.position() + outcome.consumed());
        return outcome.response();
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }
}
