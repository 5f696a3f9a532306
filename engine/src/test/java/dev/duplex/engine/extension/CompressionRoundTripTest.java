package dev.duplex.engine.extension;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client engine and a server engine talking through permessage-deflate (and deflate-frame), for every
 * window size and context-takeover combination, in both directions, whole and fragmented (the ground of
 * the conformance suite's sections 12 and 13). Window sizes below 15 are checked on the wire: no
 * back-reference in the compressed stream reaches further than the window.
 */
class CompressionRoundTripTest {

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (int bits = 8; bits <= 15; bits++) {
            for (int reset = 0; reset < 4; reset++) {
                all.add(Arguments.of(bits, (reset & 1) != 0, (reset & 2) != 0));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "window {0} bits, server reset {1}, client reset {2}")
    @MethodSource("combinations")
    @DisplayName("RFC 7692: every window size and takeover combination round-trips, and keeps to its window")
    void roundTrip(int bits, boolean serverReset, boolean clientReset) {
        PerMessageDeflate policy = PerMessageDeflate.builder().serverMaxWindowBits(bits).clientMaxWindowBits(bits)
                .serverNoContextTakeover(serverReset).clientNoContextTakeover(clientReset).build();
        String offer = ExtensionNegotiation.offer(List.of(policy));
        ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.accept(List.of(policy), List.of(offer));
        assertThat(agreed.extensions()).hasSize(1);
        List<Extension> clientSide = ExtensionNegotiation.confirm(List.of(policy), agreed.header());
        Wire server = new Wire(Role.SERVER, EngineConfig.defaults(), agreed.extensions());
        Wire client = new Wire(Role.CLIENT, EngineConfig.defaults(), clientSide);

        Random random = new Random(bits * 31L + (serverReset ? 1 : 0) + (clientReset ? 2 : 0));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            texts.add(sample(random, i == 0 ? 0 : random.nextInt(i < 6 ? 300 : 40_000)));
        }
        for (String t : texts) {
            server.engine.sendText(t);
        }
        byte[] fromServer = server.takeSent();
        assertWindow(fromServer, false, bits);
        client.feed(fromServer);
        assertThat(client.texts()).isEqualTo(texts);

        for (String t : texts) {
            // Client to server, fragmented in three pieces.
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            int a = b.length / 3;
            client.engine.sendFragment(true, ByteBuffer.wrap(b, 0, a), false);
            client.engine.sendFragment(true, ByteBuffer.wrap(b, a, b.length / 2 - a), false);
            client.engine.sendFragment(true, ByteBuffer.wrap(b, b.length / 2, b.length - b.length / 2), true);
        }
        byte[] fromClient = client.takeSent();
        assertWindow(fromClient, true, bits);
        server.feed(fromClient);
        assertThat(server.texts()).isEqualTo(texts);
        assertThat(server.events).noneMatch(e -> e instanceof Event.Closed);
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 5, 200, 100_000})
    @DisplayName("RFC 7692, RFC 6455 5.4: compressed text whole and fragmented, a ping between fragments, from direct reads")
    void compressedFromDirectReads(int piece) {
        PerMessageDeflate policy = PerMessageDeflate.builder().build();
        String offer = ExtensionNegotiation.offer(List.of(policy));
        ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.accept(List.of(policy), List.of(offer));
        List<Extension> clientSide = ExtensionNegotiation.confirm(List.of(policy), agreed.header());
        Wire server = new Wire(Role.SERVER, EngineConfig.defaults(), agreed.extensions());
        Wire client = new Wire(Role.CLIENT, EngineConfig.defaults(), clientSide);
        List<String> texts = List.of("", "ascii only", "Grüße κόσμε 😀", "x".repeat(5000), sample(new Random(7), 3000));
        for (String t : texts) {
            server.engine.sendText(t);
        }
        client.feedDirect(server.takeSent(), piece);
        assertThat(client.texts()).isEqualTo(texts);
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            client.engine.sendFragment(true, ByteBuffer.wrap(b, 0, b.length / 2), false);
            client.engine.sendPing(ByteBuffer.wrap(new byte[]{1, 2, 3}));
            client.engine.sendFragment(true, ByteBuffer.wrap(b, b.length / 2, b.length - b.length / 2), true);
        }
        server.feedDirect(client.takeSent(), piece);
        assertThat(server.texts()).isEqualTo(texts);
        assertThat(server.events.stream().filter(e -> e instanceof Event.Ping).count()).isEqualTo(texts.size());
        assertThat(server.events).noneMatch(e -> e instanceof Event.Closed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deflateFrameNames")
    @DisplayName("deflate-frame: every frame compressed on its own, RSV1 on each, round-trips both ways")
    void deflateFrame(String name) {
        DeflateFrame f = DeflateFrame.offering(name);
        ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.accept(List.of(f), List.of(ExtensionNegotiation.offer(List.of(f))));
        assertThat(agreed.header()).isEqualTo(name);
        Wire server = new Wire(Role.SERVER, EngineConfig.defaults(), agreed.extensions());
        Wire client = new Wire(Role.CLIENT, EngineConfig.defaults(), ExtensionNegotiation.confirm(List.of(f), agreed.header()));
        Random random = new Random(7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            texts.add(sample(random, random.nextInt(20_000)));
        }
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            client.engine.sendFragment(true, ByteBuffer.wrap(b, 0, b.length / 2), false);
            client.engine.sendFragment(true, ByteBuffer.wrap(b, b.length / 2, b.length - b.length / 2), true);
            server.engine.sendText(t);
        }
        byte[] wire = client.takeSent();
        assertThat(wire[0] & 0x40).as("RSV1 on the first frame").isNotZero();
        server.feed(wire);
        client.feed(server.takeSent());
        assertThat(server.texts()).isEqualTo(texts);
        assertThat(client.texts()).isEqualTo(texts);
    }

    static Stream<String> deflateFrameNames() {
        return Stream.of("deflate-frame", "x-webkit-deflate-frame");
    }

    /** Text with repeats at all distances, so a compressor has long back-references to choose from. */
    static String sample(Random random, int length) {
        String[] words = {"alpha ", "beta ", "gamma ", "déjà vu ", "naïve ", "数据 ", "€ ", "x"};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            if (random.nextInt(4) == 0 && sb.length() > 600) {
                int from = random.nextInt(sb.length() - 500);
                sb.append(sb, from, from + 40);
            } else {
                sb.append(words[random.nextInt(words.length)]);
            }
        }
        sb.setLength(length);
        if (length > 0 && Character.isHighSurrogate(sb.charAt(length - 1))) {
            sb.setLength(length - 1);
        }
        return sb.toString();
    }

    /**
     * Walks the frames, joins each compressed message's payloads, and checks every back-reference. A 15-bit
     * window is the JDK deflater's own, so it cannot be exceeded; the check matters below 15.
     */
    static void assertWindow(byte[] wire, boolean masked, int bits) {
        if (bits == 15) {
            return;
        }
        int i = 0;
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        while (i < wire.length) {
            int b0 = wire[i] & 0xFF;
            int b1 = wire[i + 1] & 0xFF;
            long len = b1 & 0x7F;
            int at = i + 2;
            if (len == 126) {
                len = ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
                at += 2;
            } else if (len == 127) {
                len = 0;
                for (int k = 0; k < 8; k++) {
                    len = (len << 8) | (wire[at + k] & 0xFF);
                }
                at += 8;
            }
            byte[] key = null;
            if (masked) {
                key = java.util.Arrays.copyOfRange(wire, at, at + 4);
                at += 4;
            }
            for (int k = 0; k < len; k++) {
                int v = wire[at + k] & 0xFF;
                stream.write(key == null ? v : v ^ (key[k & 3] & 0xFF));
            }
            i = at + (int) len;
            if ((b0 & 0x80) != 0) { // FIN: the compressed message ends; add back its tail (RFC 7692 7.2.2)
                stream.writeBytes(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF});
            }
        }
        // The messages of one direction form one DEFLATE stream (context takeover reaches across them).
        DeflateDistanceProbe probe = DeflateDistanceProbe.decode(stream.toByteArray());
        assertThat(probe.maxDistance).as("longest back-reference with a %d-bit window", bits)
                .isLessThanOrEqualTo(1 << bits);
        assertThat(probe.maxDistance).as("the sample has long repeats, so some back-reference is long")
                .isGreaterThan(Math.min(1 << bits, 4096) / 4);
    }
}
