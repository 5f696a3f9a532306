package dev.duplex.interop.hostile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile frames against {@code duplex serve} with its default limits (16 MiB messages, 2^20 fragments,
 * permessage-deflate on): each is refused with its close code (docs/HARDENING.md, "Frames"), legitimate large
 * traffic still passes, and a well-behaved client keeps its echo latency throughout.
 */
@Timeout(60)
class FrameAttacksTest {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static ServeProcess server;
    private EchoProbe probe;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        ServeProcess.stopHealthy(server);
    }

    @BeforeEach
    void startProbe() throws Exception {
        probe = EchoProbe.start(server.port());
    }

    @AfterEach
    void checkProbe() {
        probe.assertSurvivedAndClose("the attack", server);
    }

    private Wire echo() throws IOException {
        return Wire.upgrade(server.port(), "/echo");
    }

    /** Sends {@code bytes} on a new /echo connection and returns the code of the server's close frame. */
    private int closeCodeFor(byte[]... frames) throws IOException {
        try (Wire w = echo()) {
            for (byte[] f : frames) {
                w.send(f);
            }
            int code = w.awaitClose(ANSWER).closeCode();
            assertThat(w.awaitEnd(ANSWER)).as("TCP closed after the close frame").isTrue();
            return code;
        }
    }

    @Test
    void frameLengthOverTheLimitIsRefusedFromTheHeaderAlone() throws Exception {
        // 2^63-1 bytes announced, no payload sent: refused at once, nothing reserved.
        assertThat(closeCodeFor(Wire.header(true, 0, Wire.Frame.BINARY, Long.MAX_VALUE, 0))).isEqualTo(1009);
        assertThat(closeCodeFor(Wire.header(true, 0, Wire.Frame.TEXT, (16L << 20) + 1, 0))).isEqualTo(1009);
        // A 64-bit length with its most significant bit set is not a length (RFC 6455 section 5.2).
        assertThat(closeCodeFor(Wire.header(true, 0, Wire.Frame.BINARY, -1L, 0))).isEqualTo(1002);
    }

    @Test
    void tenMillionEmptyFragmentsAreRefusedPastTheFragmentLimit() throws Exception {
        int perBatch = 10_000;
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < perBatch; i++) {
            batch.writeBytes(Wire.header(false, 0, 0, 0, 0));
        }
        byte[] continuations = batch.toByteArray();
        AtomicLong sent = new AtomicLong();
        try (Wire w = echo()) {
            w.send(Wire.header(false, 0, Wire.Frame.TEXT, 0, 0));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int b = 0; b < 10_000_000 / perBatch; b++) {
                        w.send(continuations);
                        sent.addAndGet(perBatch);
                    }
                } catch (IOException expected) {
                    // refused and closed
                }
            });
            Wire.Frame close = w.awaitClose(Duration.ofSeconds(30));
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.text()).contains("frames");
            assertThat(sent.get()).as("fragments sent before the refusal").isGreaterThanOrEqualTo((1L << 20) - perBatch)
                    .isLessThan(10_000_000L);
            assertThat(w.awaitEnd(ANSWER)).isTrue();
            writer.join(10_000);
        }
    }

    @Test
    void sixtyFiveThousandOneByteFragmentsAreAccepted() throws Exception {
        int n = 65_536;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            byte[] one = {(byte) ('a' + i % 26)};
            message.writeBytes(Wire.frame(i == n - 1, 0, i == 0 ? Wire.Frame.TEXT : 0, one, 0x11223344));
        }
        try (Wire w = echo()) {
            w.send(message.toByteArray());
            Wire.Frame echo = w.readFrame(ANSWER);
            assertThat(echo.opcode()).isEqualTo(Wire.Frame.TEXT);
            assertThat(echo.payload()).hasSize(n);
            assertThat(echo.text()).startsWith("abcdefghijklmnopqrstuvwxyzabc");
        }
    }

    @Test
    void sixteenMebibyteMessageIsAcceptedAndOneByteMoreIsRefused() throws Exception {
        byte[] payload = new byte[16 << 20];
        for (int i = 0; i < payload.length; i += 4096) {
            payload[i] = (byte) (i >>> 12);
        }
        try (Wire w = echo()) {
            w.send(Wire.frame(true, 0, Wire.Frame.BINARY, payload, 0x01020304));
            Wire.Frame echo = w.readFrame(Duration.ofSeconds(20));
            assertThat(echo.opcode()).isEqualTo(Wire.Frame.BINARY);
            assertThat(Arrays.equals(echo.payload(), payload)).as("the 16 MiB echo is intact").isTrue();
        }
        // The same size plus one byte, in two fragments: the message limit, not the frame limit, refuses it.
        byte[] half = new byte[8 << 20];
        assertThat(closeCodeFor(Wire.frame(false, 0, Wire.Frame.BINARY, half, 0),
                Wire.frame(true, 0, 0, Arrays.copyOf(half, half.length + 1), 0))).isEqualTo(1009);
    }

    @Test
    void invalidUtf8Gets1007() throws Exception {
        assertThat(closeCodeFor(Wire.frame(Wire.Frame.TEXT, new byte[] {'o', 'k', (byte) 0xC3, 0x28}))).isEqualTo(1007);
        // Across fragments, and failing fast: a surrogate in the second fragment of an unfinished message.
        assertThat(closeCodeFor(Wire.frame(false, 0, Wire.Frame.TEXT, "fine".getBytes(), 0x55667788),
                Wire.frame(false, 0, 0, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0x55667788)))
                .isEqualTo(1007);
    }

    @Test
    void reservedOpcodesAndBitsGet1002() throws Exception {
        for (int opcode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            assertThat(closeCodeFor(Wire.frame(opcode, new byte[] {1, 2, 3}))).as("opcode %d", opcode).isEqualTo(1002);
        }
        assertThat(closeCodeFor(Wire.frame(true, 0b010, Wire.Frame.TEXT, "x".getBytes()))).as("RSV2").isEqualTo(1002);
        assertThat(closeCodeFor(Wire.frame(true, 0, 0, "x".getBytes()))).as("continuation first").isEqualTo(1002);
        assertThat(closeCodeFor(Wire.frame(false, 0, Wire.Frame.PING, "x".getBytes()))).as("fragmented ping")
                .isEqualTo(1002);
        assertThat(closeCodeFor(Wire.frame(Wire.Frame.PING, new byte[126]))).as("126-byte ping").isEqualTo(1002);
        byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
        assertThat(closeCodeFor(unmasked)).as("unmasked frame").isEqualTo(1002);
    }

    @Test
    void badClosePayloadsGetTheirCodes() throws Exception {
        assertThat(closeCodeFor(Wire.frame(Wire.Frame.CLOSE, new byte[] {3}))).as("1-byte payload").isEqualTo(1002);
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            assertThat(closeCodeFor(Wire.close(code, ""))).as("close code %d", code).isEqualTo(1002);
        }
        byte[] badReason = {0x03, (byte) 0xE8, (byte) 0xFF, (byte) 0xFE};
        assertThat(closeCodeFor(Wire.frame(Wire.Frame.CLOSE, badReason))).as("reason not UTF-8").isEqualTo(1007);
        // Valid codes are echoed.
        assertThat(closeCodeFor(Wire.close(1000, "bye"))).isEqualTo(1000);
        assertThat(closeCodeFor(Wire.close(4999, ""))).isEqualTo(4999);
        assertThat(closeCodeFor(Wire.frame(Wire.Frame.CLOSE, new byte[0]))).isEqualTo(1005);
    }

    @Test
    void compressionBombGets1009WithBoundedMemory() throws Exception {
        byte[] bomb = deflatedZeros(2048); // a ~2 MB frame that inflates to 2 GiB
        assertThat(bomb.length).isLessThan(4 << 20);
        long rssBefore = server.residentKib();
        try (Wire w = Wire.upgrade(server.port(), "/echo", "Sec-WebSocket-Extensions: permessage-deflate")) {
            assertThat(w.head.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            // A small compressed message first: compression works, and is echoed.
            w.send(Wire.frame(true, 0b100, Wire.Frame.TEXT, deflate("hello hello hello"), 0x0A0B0C0D));
            Wire.Frame hello = w.readFrame(ANSWER);
            assertThat(hello.opcode()).isEqualTo(Wire.Frame.TEXT);
            long start = System.nanoTime();
            w.send(Wire.frame(true, 0b100, Wire.Frame.BINARY, bomb, 0));
            Wire.Frame close = w.awaitClose(ANSWER);
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.text()).contains("decompressed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(w.awaitEnd(ANSWER)).isTrue();
        }
        long rssAfter = server.residentKib();
        if (rssBefore > 0 && rssAfter > 0) {
            assertThat(rssAfter - rssBefore).as("server memory growth in KiB").isLessThan(200 * 1024);
        }
    }

    /** A raw DEFLATE stream (RFC 7692 section 7.2.1, no tail) of {@code text}. */
    private static byte[] deflate(String text) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(text.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[256];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, n - 4);
    }

    /**
     * DEFLATE data for {@code mebibytes} MiB of zeros, cheaply: once the window is all zeros, each further MiB of
     * zeros flushed with SYNC_FLUSH compresses to the same bytes, so that block is repeated.
     */
    private static byte[] deflatedZeros(int mebibytes) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[1 << 20];
        byte[] previous = null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < mebibytes; i++) {
            byte[] block = deflateBlock(d, zeros);
            if (previous != null && Arrays.equals(block, previous)) {
                for (int k = i; k < mebibytes; k++) {
                    out.writeBytes(block);
                }
                break;
            }
            out.writeBytes(block);
            previous = block;
        }
        d.end();
        return out.toByteArray();
    }

    private static byte[] deflateBlock(Deflater d, byte[] input) {
        d.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        return out.toByteArray();
    }
}
