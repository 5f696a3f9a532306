package dev.duplex.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.HttpResponseHead;

import dev.duplex.engine.handshake.ProtocolVersion;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Fuzzes the client side of the opening handshake: {@code HttpHeadParser.forResponses} and
 * {@code ClientHandshake.validate} over arbitrary response bytes (the whole input is the response). Two clients
 * check each response: one that offered subprotocols and an extension, one that offered neither. Only
 * {@link HandshakeException} may come out (status 0 for a malformed head or a bad 101, else the server's
 * status); an accepted response must be a 101 that satisfies RFC 6455 section 4.1, checked again here. A hybi-08
 * client must judge every response as the RFC 6455 one does, and two hixie clients ({@link HixieClients}) check it
 * too, with the 16 bytes after the head as the hixie-76 answer.
 */
class ClientHandshakeFuzzTest {
    /** The nonce of RFC 6455 section 1.3: key {@code dGhlIHNhbXBsZSBub25jZQ==}. */
    static final byte[] NONCE = "the sample nonce".getBytes(StandardCharsets.US_ASCII);
    static final List<String> SUBPROTOCOLS = List.of("chat", "superchat");
    static final String EXTENSION_OFFER = "permessage-deflate; client_max_window_bits";

    private static final ClientHandshake OFFERING = new ClientHandshake(URI.create("ws://example.com/chat?x=1"),
            SUBPROTOCOLS, new HttpHeaders().add("Origin", "http://example.com"), EXTENSION_OFFER, NONCE);
    private static final ClientHandshake PLAIN = new ClientHandshake(URI.create("ws://example.com:8080/"), null,
            null, null, NONCE);
    private static final ClientHandshake HYBI = ClientHandshake.forVersion(ProtocolVersion.HYBI_08,
            URI.create("ws://example.com/"), null, null, null, new LegacyHandshakes.FixedBytes(NONCE));

    @FuzzTest(maxDuration = "12s")
    @DictionaryFile(resourcePath = "http-response.dict")
    void response(byte[] data) {
        Heads.Outcome parsed = Heads.parseAllWays(false, data);
        if (parsed.failure() != null) {
            FuzzFailure.check(parsed.failure().status() == 0,
                    () -> "a malformed response failed with status " + parsed.failure().status());
            return;
        }
        if (!parsed.done()) {
            return;
        }
        HttpResponseHead response = parsed.response();
        boolean plainAccepted = check(PLAIN, List.of(), false, response);
        boolean offeringAccepted = check(OFFERING, SUBPROTOCOLS, true, response);
        // Offering more can only make a response acceptable, never the reverse.
        FuzzFailure.check(!plainAccepted || offeringAccepted, "accepted without offers but refused with them");
        // hybi-08 checks a response exactly as RFC 6455 does.
        FuzzFailure.check(check(HYBI, List.of(), false, response) == plainAccepted, "hybi-08 and RFC 6455 disagree");
        int afterHead = data.length - parsed.consumed();
        HixieClients.check(response, ByteBuffer.wrap(data, parsed.consumed(), Math.min(16, afterHead)));
    }

    static boolean check(ClientHandshake client, List<String> offered, boolean offeredExtensions,
                          HttpResponseHead response) {
        HttpHeaders h = response.headers();
        ClientHandshake.Result result;
        try {
            result = client.validate(response);
        } catch (HandshakeException e) {
            if (response.status() != 101) {
                FuzzFailure.check(e.status() == response.status() && e.headers().equals(h),
                        () -> "a " + response.status() + " answer failed with " + e.status() + " " + e.getMessage());
            } else {
                FuzzFailure.check(e.status() == 0, () -> "a bad 101 failed with status " + e.status());
            }
            return false;
        }
        FuzzFailure.check(response.status() == 101, () -> "accepted status " + response.status());
        List<String> upgrade = h.tokens("Upgrade");
        FuzzFailure.check(upgrade.size() == 1 && upgrade.get(0).equalsIgnoreCase("websocket"),
                () -> "accepted Upgrade " + h.all("Upgrade"));
        FuzzFailure.check(h.tokens("Connection").stream().anyMatch("upgrade"::equalsIgnoreCase),
                () -> "accepted Connection " + h.all("Connection"));
        FuzzFailure.check(h.all("Sec-WebSocket-Accept").equals(List.of(Accept.of(client.key()))),
                () -> "accepted Sec-WebSocket-Accept " + h.all("Sec-WebSocket-Accept"));
        List<String> protocolLines = h.all("Sec-WebSocket-Protocol");
        if (result.subprotocol() == null) {
            FuzzFailure.check(protocolLines.isEmpty(), () -> "subprotocol answer ignored: " + protocolLines);
        } else {
            FuzzFailure.check(offered.contains(result.subprotocol())
                    && protocolLines.equals(List.of(result.subprotocol())),
                    () -> "accepted subprotocol " + protocolLines + " after offering " + offered);
        }
        boolean extensionsAnswered = !h.tokens("Sec-WebSocket-Extensions").isEmpty();
        FuzzFailure.check(offeredExtensions || !extensionsAnswered, "accepted extensions that were not offered");
        FuzzFailure.check(extensionsAnswered == (result.extensions() != null), "extension answer lost or invented");
        FuzzFailure.check(Objects.equals(result.headers(), h), "result headers differ from the response");
        return true;
    }
}
