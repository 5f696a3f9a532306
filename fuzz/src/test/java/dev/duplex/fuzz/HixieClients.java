package dev.duplex.fuzz;

import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.HttpRequestHead;
import dev.duplex.engine.handshake.HttpResponseHead;
import dev.duplex.engine.handshake.ProtocolVersion;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Part of {@link ClientHandshakeFuzzTest}: a hixie-76 and a hixie-75 client (draft-hixie-thewebsocketprotocol-76
 * and -75, section 4.1) validate the response. Only {@link HandshakeException} may come out; an accepted
 * response is a 101 with {@code Upgrade: WebSocket} alone, {@code Connection: Upgrade}, the origin and location
 * the client sent, the offered subprotocol or none, and for hixie-76 the MD5 answer to the client's keys,
 * computed here from the request the client wrote.
 */
final class HixieClients {
    static final ClientHandshake HIXIE_76 = ClientHandshake.forVersion(ProtocolVersion.HIXIE_76,
            URI.create("ws://example.com/demo?x=1"), List.of("sample"), null, null, new SplittableRandom(76));
    static final ClientHandshake HIXIE_75 = ClientHandshake.forVersion(ProtocolVersion.HIXIE_75,
            URI.create("ws://example.com/demo"), List.of("sample"), null, null, new SplittableRandom(75));
    private static final byte[] ANSWER_76 = answer(HIXIE_76);

    private HixieClients() {
    }

    /** @param body up to 16 bytes that followed the response head */
    static void check(HttpResponseHead response, ByteBuffer body) {
        if (accepts(HIXIE_76, response, body.duplicate())) {
            check(response, "Sec-WebSocket-", "ws://example.com/demo?x=1");
            byte[] answer = new byte[body.remaining()];
            body.duplicate().get(answer);
            FuzzFailure.check(Arrays.equals(answer, ANSWER_76), "hixie-76 accepted a wrong challenge answer");
        }
        if (accepts(HIXIE_75, response, null)) {
            check(response, "WebSocket-", "ws://example.com/demo");
        }
    }

    private static boolean accepts(ClientHandshake client, HttpResponseHead response, ByteBuffer body) {
        try {
            client.validate(response, body);
            return true;
        } catch (HandshakeException e) {
            if (response.status() != 101) {
                FuzzFailure.check(e.status() == response.status() && e.headers().equals(response.headers()),
                        () -> "a " + response.status() + " answer failed with " + e.status() + " " + e.getMessage());
            } else {
                FuzzFailure.check(e.status() == 0, () -> "a bad hixie 101 failed with status " + e.status());
            }
            return false;
        }
    }

    private static void check(HttpResponseHead response, String prefix, String location) {
        HttpHeaders h = response.headers();
        FuzzFailure.check(response.status() == 101, "hixie accepted another status");
        List<String> upgrade = h.tokens("Upgrade");
        FuzzFailure.check(upgrade.size() == 1 && upgrade.get(0).equalsIgnoreCase("WebSocket"),
                () -> "hixie accepted Upgrade " + h.all("Upgrade"));
        FuzzFailure.check(h.tokens("Connection").stream().anyMatch("upgrade"::equalsIgnoreCase),
                () -> "hixie accepted Connection " + h.all("Connection"));
        FuzzFailure.check(h.all(prefix + "Origin").equals(List.of("http://example.com")),
                () -> "hixie accepted origin " + h.all(prefix + "Origin"));
        FuzzFailure.check(h.all(prefix + "Location").equals(List.of(location)),
                () -> "hixie accepted location " + h.all(prefix + "Location"));
        List<String> protocols = h.all(prefix + "Protocol");
        FuzzFailure.check(protocols.isEmpty() || protocols.equals(List.of("sample")),
                () -> "hixie accepted subprotocol " + protocols);
    }

    /** MD5 of the two numbers the keys of the client's request hide and the 8 bytes after its head. */
    private static byte[] answer(ClientHandshake client) {
        ByteBuffer request = client.request();
        byte[] bytes = new byte[request.remaining()];
        request.get(bytes);
        Heads.Outcome parsed = Heads.parse(true, HeadLimits.defaults(), bytes, new int[] {0, bytes.length});
        HttpRequestHead head = parsed.request();
        long number1 = LegacyHandshakes.hiddenNumber(head.headers().first("Sec-WebSocket-Key1"));
        long number2 = LegacyHandshakes.hiddenNumber(head.headers().first("Sec-WebSocket-Key2"));
        byte[] key3 = Arrays.copyOfRange(bytes, parsed.consumed(), bytes.length);
        if (key3.length != 8) {
            throw new IllegalStateException("a hixie-76 request is followed by 8 bytes, not " + key3.length);
        }
        return LegacyHandshakes.md5(ByteBuffer.allocate(16).putInt((int) number1).putInt((int) number2).put(key3).array());
    }

    /** A 101 the server side writes for {@code client}'s request: for the seed corpus. */
    static byte[] serverAnswer(ClientHandshake client) {
        try {
            ByteBuffer request = client.request();
            byte[] bytes = new byte[request.remaining()];
            request.get(bytes);
            Heads.Outcome parsed = Heads.parse(true, HeadLimits.defaults(), bytes, new int[] {0, bytes.length});
            var offer = dev.duplex.engine.handshake.ServerHandshake.validate(parsed.request(), ProtocolVersion.all());
            ByteBuffer key3 = ByteBuffer.wrap(Arrays.copyOfRange(bytes, parsed.consumed(), bytes.length));
            ByteBuffer answer = dev.duplex.engine.handshake.ServerHandshake.accept(offer, "sample", null, null, false,
                    key3.hasRemaining() ? key3 : null);
            byte[] out = new byte[answer.remaining()];
            answer.get(out);
            return out;
        } catch (HandshakeException e) {
            throw new IllegalStateException(e);
        }
    }
}
