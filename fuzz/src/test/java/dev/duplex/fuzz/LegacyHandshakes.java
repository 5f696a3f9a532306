package dev.duplex.fuzz;

import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.HttpRequestHead;
import dev.duplex.engine.handshake.HttpResponseHead;
import dev.duplex.engine.handshake.OpeningRequest;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.engine.handshake.ServerHandshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Part of {@link ServerHandshakeFuzzTest}: the request validated with every protocol version enabled
 * ({@code ServerHandshake.validate(request, ProtocolVersion.all())}). Only {@link HandshakeException} may come
 * out; a request RFC 6455 alone accepts must be accepted the same way; a legacy request must have the shape of
 * its version (hybi-07/08: RFC 6455 with another version number; hixie-76: two keys that each hide a 32-bit
 * number; hixie-75: an Origin and no key), and the answer built for it must be a 101 of that version: for hybi,
 * one a Duplex client holding the same key accepts; for hixie-76, followed by the MD5 answer to the keys and the
 * 8 bytes after the head, computed here independently (draft-hixie-thewebsocketprotocol-76 section 5.2).
 */
final class LegacyHandshakes {
    private LegacyHandshakes() {
    }

    /** @param afterHead the input bytes after the request head (hixie-76 takes the first 8 as its key_3) */
    static void check(HttpRequestHead request, OpeningRequest standard, byte[] afterHead) {
        OpeningRequest offer;
        try {
            offer = ServerHandshake.validate(request, ProtocolVersion.all());
        } catch (HandshakeException e) {
            FuzzFailure.check(standard == null,
                    () -> "enabling legacy versions refuses a request RFC 6455 accepts: " + e.getMessage());
            FuzzFailure.check(ServerHandshakeFuzzTest.VALIDATE_STATUSES.contains(e.status()),
                    () -> "validate (all versions) failed with " + e.getMessage());
            ServerHandshakeFuzzTest.checkRejection(e);
            return;
        }
        if (standard != null) {
            FuzzFailure.check(offer.equals(standard), () -> "enabling legacy versions changes the offer: " + offer);
            return;
        }
        ProtocolVersion version;
        try {
            version = ProtocolVersion.of(offer);
        } catch (IllegalArgumentException e) {
            throw new FuzzFailure("accepted unknown version " + offer.version());
        }
        FuzzFailure.check(version.isLegacy(), "RFC 6455 accepted only when legacy versions are enabled");
        HttpHeaders h = request.headers();
        FuzzFailure.check(request.method().equals("GET") && h.all("Host").size() == 1 && !offer.host().isEmpty()
                && offer.path().startsWith("/"), "accepted a request without GET, one Host or a path");
        switch (version) {
            case HYBI_08, HYBI_07 -> checkHybi(request, offer, version);
            case HIXIE_76 -> checkHixie76(request, offer, afterHead);
            case HIXIE_75 -> checkHixie75(request, offer);
            default -> throw new FuzzFailure("unexpected version " + version);
        }
    }

    private static void checkHybi(HttpRequestHead request, OpeningRequest offer, ProtocolVersion version) {
        HttpHeaders h = request.headers();
        FuzzFailure.check(h.all("Sec-WebSocket-Version").equals(List.of(Integer.toString(version.number()))),
                () -> "accepted " + version + " for Sec-WebSocket-Version " + h.all("Sec-WebSocket-Version"));
        FuzzFailure.check(h.containsToken("Upgrade", "websocket") && h.containsToken("Connection", "upgrade"),
                "accepted hybi without Upgrade: websocket and Connection: Upgrade");
        byte[] nonce = Base64.getDecoder().decode(offer.key());
        FuzzFailure.check(nonce.length == 16 && Base64.getEncoder().encodeToString(nonce).equals(offer.key())
                && h.all("Sec-WebSocket-Key").equals(List.of(offer.key())), "accepted a hybi key that is not 16 bytes");
        String subprotocol = offer.subprotocols().isEmpty() ? null : offer.subprotocols().get(0);
        ByteBuffer answer = ServerHandshake.accept(offer, subprotocol, null, null, false, null);
        HttpResponseHead response = ServerHandshakeFuzzTest.parseResponse(answer);
        FuzzFailure.check(response.status() == 101 && !answer.hasRemaining(), "hybi answer is not a bare 101");
        FuzzFailure.check(Accept.of(offer.key()).equals(response.headers().first("Sec-WebSocket-Accept")),
                "wrong hybi Sec-WebSocket-Accept");
        ClientHandshake client = ClientHandshake.forVersion(version, URI.create("ws://example.com/"),
                offer.subprotocols(), null, null, new FixedBytes(nonce));
        FuzzFailure.check(client.key().equals(offer.key()), "the hybi client's key differs");
        try {
            ClientHandshake.Result result = client.validate(response);
            FuzzFailure.check(java.util.Objects.equals(result.subprotocol(), subprotocol), "hybi subprotocol lost");
        } catch (HandshakeException e) {
            throw new FuzzFailure("a Duplex " + version + " client refused the server's 101: " + e.getMessage());
        }
    }

    private static void checkHixie76(HttpRequestHead request, OpeningRequest offer, byte[] afterHead) {
        HttpHeaders h = request.headers();
        FuzzFailure.check(!h.contains("Sec-WebSocket-Version"), "hixie-76 accepted with a Sec-WebSocket-Version");
        List<String> key1 = h.all("Sec-WebSocket-Key1");
        List<String> key2 = h.all("Sec-WebSocket-Key2");
        FuzzFailure.check(key1.size() == 1 && key2.size() == 1, "hixie-76 accepted without exactly one of each key");
        long number1 = hiddenNumber(key1.get(0));
        long number2 = hiddenNumber(key2.get(0));
        FuzzFailure.check(offer.key().isEmpty() && offer.extensionOffers().isEmpty() && offer.subprotocols().size() <= 1,
                () -> "hixie-76 offer with a key, extensions or several subprotocols: " + offer);
        byte[] key3 = Arrays.copyOf(afterHead, 8);
        String subprotocol = offer.subprotocols().isEmpty() ? null : offer.subprotocols().get(0);
        ByteBuffer answer = ServerHandshake.accept(offer, subprotocol, null, null, true, ByteBuffer.wrap(key3));
        HttpResponseHead response = ServerHandshakeFuzzTest.parseResponse(answer);
        FuzzFailure.check(response.status() == 101 && answer.remaining() == 16, "hixie-76 answer is not 101 + 16 bytes");
        byte[] md5 = new byte[16];
        answer.get(md5);
        byte[] challenge = ByteBuffer.allocate(16).putInt((int) number1).putInt((int) number2).put(key3).array();
        FuzzFailure.check(Arrays.equals(md5, md5(challenge)), "wrong hixie-76 challenge answer");
        String resource = offer.query() == null ? offer.path() : offer.path() + "?" + offer.query();
        FuzzFailure.check(("wss://" + offer.host() + resource).equals(response.headers().first("Sec-WebSocket-Location")),
                () -> "hixie-76 location " + response.headers().first("Sec-WebSocket-Location"));
    }

    private static void checkHixie75(HttpRequestHead request, OpeningRequest offer) {
        HttpHeaders h = request.headers();
        FuzzFailure.check(!h.contains("Sec-WebSocket-Version") && !h.contains("Sec-WebSocket-Key")
                && !h.contains("Sec-WebSocket-Key1") && !h.contains("Sec-WebSocket-Key2") && offer.origin() != null,
                "hixie-75 accepted with a version or a key, or without an Origin");
        String subprotocol = offer.subprotocols().isEmpty() ? null : offer.subprotocols().get(0);
        ByteBuffer answer = ServerHandshake.accept(offer, subprotocol, null, null, false, null);
        HttpResponseHead response = ServerHandshakeFuzzTest.parseResponse(answer);
        FuzzFailure.check(response.status() == 101 && !answer.hasRemaining(), "hixie-75 answer is not a bare 101");
        FuzzFailure.check(offer.origin().equals(response.headers().first("WebSocket-Origin")), "hixie-75 origin lost");
    }

    /**
     * Section 5.2 steps 4-6 of draft 76: the key's digits as a number, divided by its count of spaces; it must
     * fit 32 bits and divide exactly. A key the server accepted that fails here is a finding.
     */
    static long hiddenNumber(String key) {
        StringBuilder digits = new StringBuilder();
        int spaces = 0;
        for (char c : key.toCharArray()) {
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == ' ') {
                spaces++;
            }
        }
        FuzzFailure.check(!digits.isEmpty() && spaces > 0, () -> "accepted hixie-76 key " + key);
        java.math.BigInteger number = new java.math.BigInteger(digits.toString());
        java.math.BigInteger[] division = number.divideAndRemainder(java.math.BigInteger.valueOf(spaces));
        FuzzFailure.check(number.bitLength() <= 32 && division[1].signum() == 0, () -> "accepted hixie-76 key " + key);
        return division[0].longValueExact();
    }

    static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A "random" source whose bytes are the nonce of the request, so that a client sends the same key. */
    record FixedBytes(byte[] bytes) implements RandomGenerator {
        @Override
        public void nextBytes(byte[] into) {
            FuzzFailure.check(into.length == bytes.length, "the client asked for a nonce of another length");
            System.arraycopy(bytes, 0, into, 0, into.length);
        }

        @Override
        public long nextLong() {
            return 0;
        }
    }
}
