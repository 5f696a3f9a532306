package dev.duplex.interop.legacy;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.handshake.ProtocolVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte-level probes of Duplex's server over real sockets: the hixie-76 draft's own handshake examples, requests
 * for disabled versions, and split, garbage, unterminated and oversized hixie frames.
 */
@Timeout(60)
class LegacyWireTest {
    static final String KEY1 = "4 @1  46546xW%0l 1 5";
    static final String KEY2 = "12998 5 Y3 1  .P00";

    /** A raw TCP client reading with a timeout. */
    static final class Raw implements AutoCloseable {
        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;

        Raw(int port) throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void write(String latin1) throws IOException {
            write(latin1.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Writes one byte at a time, each in its own TCP segment as far as the stack allows. */
        void writeByteByByte(byte[] bytes) throws IOException, InterruptedException {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(1);
            }
        }

        /** The response head, through its empty line. */
        String head() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                byte[] h = head.toByteArray();
                if (h.length >= 4 && h[h.length - 4] == '\r' && h[h.length - 3] == '\n' && h[h.length - 2] == '\r'
                        && h[h.length - 1] == '\n') {
                    break;
                }
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        byte[] read(int n) throws IOException {
            return in.readNBytes(n);
        }

        /** Everything until the peer closes. */
        byte[] rest() throws IOException {
            return in.readAllBytes();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String hixie76Request(String host, String key1, String key2) {
        return "GET /echo HTTP/1.1\r\nHost: " + host + "\r\nConnection: Upgrade\r\nSec-WebSocket-Key2: " + key2
                + "\r\nSec-WebSocket-Protocol: sample\r\nUpgrade: WebSocket\r\nSec-WebSocket-Key1: " + key1
                + "\r\nOrigin: http://example.com\r\n\r\n";
    }

    static byte[] frame(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 2];
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        out[out.length - 1] = (byte) 0xFF;
        return out;
    }

    /** A hixie-76 connection through its handshake. */
    static Raw hixie76(LegacyEchoServer server) throws Exception {
        Raw raw = new Raw(server.server.port());
        raw.write(hixie76Request("example.com", KEY1, KEY2) + "^n:ds[4U");
        assertThat(raw.head()).startsWith("HTTP/1.1 101 WebSocket Protocol Handshake\r\n");
        assertThat(new String(raw.read(16), StandardCharsets.ISO_8859_1)).isEqualTo("8jKS'y:G*Co,Wxa-");
        assertThat(server.nextStartingWith("open")).isEqualTo("open hixie-76");
        return raw;
    }

    @Test
    @DisplayName("the draft's example request, sent a byte at a time, is answered with the draft's 8jKS'y:G*Co,Wxa-")
    void draftExampleHandshake() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(EnumSet.of(ProtocolVersion.HIXIE_76));
             Raw raw = new Raw(server.server.port())) {
            raw.writeByteByByte((hixie76Request("example.com", KEY1, KEY2) + "^n:ds[4U")
                    .getBytes(StandardCharsets.ISO_8859_1));

            assertThat(raw.head()).isEqualTo("""
                    HTTP/1.1 101 WebSocket Protocol Handshake\r
                    Upgrade: WebSocket\r
                    Connection: Upgrade\r
                    Sec-WebSocket-Origin: http://example.com\r
                    Sec-WebSocket-Location: ws://example.com/echo\r
                    Sec-WebSocket-Protocol: sample\r
                    \r
                    """);
            assertThat(new String(raw.read(16), StandardCharsets.ISO_8859_1)).isEqualTo("8jKS'y:G*Co,Wxa-");
        }
    }

    @Test
    @DisplayName("the draft's worked example (section 5.2): key_3 Tm[K T2u is answered with fQJ,fN/4F4!~K~MH")
    void draftWorkedExample() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all());
             Raw raw = new Raw(server.server.port())) {
            raw.write(hixie76Request("127.0.0.1", "18x 6]8vM;54 *(5:  {   U1]8  z [  8",
                    "1_ tx7X d  <  nw  334J702) 7]o}` 0"));
            Thread.sleep(50);
            raw.write("Tm[K T2u"); // the body in a later segment than the head
            assertThat(raw.head()).startsWith("HTTP/1.1 101 WebSocket Protocol Handshake\r\n");
            assertThat(new String(raw.read(16), StandardCharsets.ISO_8859_1)).isEqualTo("fQJ,fN/4F4!~K~MH");
        }
    }

    @Test
    @DisplayName("an invalid hixie-76 key (not a multiple of its spaces) is refused with 400")
    void invalidKey() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all());
             Raw raw = new Raw(server.server.port())) {
            raw.write(hixie76Request("127.0.0.1", KEY1, "1_ tx7X d  <  nw  334J702) 8") + "Tm[K T2u");
            assertThat(raw.head()).startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(new String(raw.rest(), StandardCharsets.UTF_8))
                    .isEqualTo("Sec-WebSocket-Key2: 173347028 is not a multiple of its 9 spaces (hixie-76)\n");
        }
    }

    @Test
    @DisplayName("a key holding DEL (0x7F), as Java-WebSocket 1.3.0 makes one time in seven, is accepted")
    void delInKey() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all());
             Raw raw = new Raw(server.server.port())) {
            raw.write(hixie76Request("127.0.0.1", KEY1 + "\u007f", KEY2) + "^n:ds[4U");
            assertThat(raw.head()).startsWith("HTTP/1.1 101 ");
        }
    }

    @Test
    @DisplayName("legacy versions off (the default): hixie gets a clear 400, hybi-08 gets 426 with Sec-WebSocket-Version: 13")
    void disabledVersionsRefused() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.standardOnly())) {
            try (Raw raw = new Raw(server.server.port())) {
                raw.write(hixie76Request("127.0.0.1", KEY1, KEY2) + "^n:ds[4U");
                assertThat(raw.head()).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\r\nConnection: close\r\n");
                assertThat(new String(raw.rest(), StandardCharsets.UTF_8))
                        .isEqualTo("hixie-76 is disabled on this server; it speaks RFC 6455\n");
            }
            try (Raw raw = new Raw(server.server.port())) {
                raw.write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                        + "Origin: http://127.0.0.1\r\n\r\n");
                assertThat(raw.head()).startsWith("HTTP/1.1 400 Bad Request\r\n");
                assertThat(new String(raw.rest(), StandardCharsets.UTF_8))
                        .isEqualTo("hixie-75 is disabled on this server; it speaks RFC 6455\n");
            }
            try (Raw raw = new Raw(server.server.port())) {
                raw.write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n"
                        + "Sec-WebSocket-Origin: http://127.0.0.1\r\n\r\n");
                assertThat(raw.head()).startsWith("HTTP/1.1 426 Upgrade Required\r\n")
                        .contains("\r\nSec-WebSocket-Version: 13\r\n");
            }
            assertThat(server.events.queue()).isEmpty();
        }
    }

    @Test
    @DisplayName("hixie frames split at every byte are echoed whole")
    void splitFrames() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all()); Raw raw = hixie76(server)) {
            byte[] frames = concat(frame("split κόσμε"), new byte[] {(byte) 0x80, 0x02, 'x', 'y'}, frame("two"));
            raw.writeByteByByte(frames);

            assertThat(raw.read(frame("split κόσμε").length)).isEqualTo(frame("split κόσμε"));
            assertThat(raw.read(frame("two").length)).isEqualTo(frame("two"));
            assertThat(server.next()).isEqualTo("text split κόσμε");
            assertThat(server.next()).isEqualTo("text two");

            raw.write(new byte[] {(byte) 0xFF, 0x00});
            assertThat(raw.rest()).containsExactly(0xFF, 0x00);
            assertThat(server.next()).isEqualTo("close 1005 clean");
        }
    }

    @Test
    @DisplayName("garbage (a frame type 0x01-0x7F) fails the connection: 0xFF 0x00, TCP close, 1002")
    void garbage() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all()); Raw raw = hixie76(server)) {
            raw.write(concat(frame("ok"), new byte[] {0x05, 'j', 'u', 'n', 'k', (byte) 0xFF}));

            assertThat(raw.rest()).isEqualTo(concat(frame("ok"), new byte[] {(byte) 0xFF, 0x00}));
            assertThat(server.next()).isEqualTo("text ok");
            assertThat(server.next()).isEqualTo("close 1002 unclean");
        }
    }

    @Test
    @DisplayName("a frame without its terminator is bounded by the message size: 1009 once past it")
    void missingTerminator() throws Exception {
        EngineConfig small = EngineConfig.builder().maxMessageSize(4096).build();
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all(), small); Raw raw = hixie76(server)) {
            byte[] start = new byte[1 + 4096];
            Arrays.fill(start, (byte) 'a');
            start[0] = 0x00;
            raw.write(start);
            Thread.sleep(100);
            assertThat(server.events.queue()).isEmpty();
            raw.write(new byte[] {'b'});

            assertThat(raw.rest()).containsExactly(0xFF, 0x00);
            assertThat(server.next()).isEqualTo("close 1009 unclean");
        }
    }

    @Test
    @DisplayName("a length-prefixed frame announcing more than the limit fails at once with 1009")
    void hugeLengthPrefixed() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all()); Raw raw = hixie76(server)) {
            raw.write(new byte[] {(byte) 0x80, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
            assertThat(raw.rest()).containsExactly(0xFF, 0x00);
            assertThat(server.next()).isEqualTo("close 1009 unclean");
        }
    }

    @Test
    @DisplayName("hixie-75: no challenge; a large frame (1 MiB) in one piece comes back whole; the TCP close is its close (1005)")
    void hixie75Raw() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all());
             Raw raw = new Raw(server.server.port())) {
            raw.write("GET /echo HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nHost: 127.0.0.1\r\n"
                    + "Origin: http://127.0.0.1\r\n\r\n");
            assertThat(raw.head()).isEqualTo("""
                    HTTP/1.1 101 Web Socket Protocol Handshake\r
                    Upgrade: WebSocket\r
                    Connection: Upgrade\r
                    WebSocket-Origin: http://127.0.0.1\r
                    WebSocket-Location: ws://127.0.0.1/echo\r
                    \r
                    """);
            String big = "0123456789abcdef".repeat(64 * 1024);
            raw.write(frame(big));
            assertThat(raw.read(big.length() + 2)).isEqualTo(frame(big));
            raw.socket.shutdownOutput(); // hixie-75's close: the end of the TCP stream
            assertThat(raw.rest()).isEmpty();
            assertThat(server.nextStartingWith("close")).isEqualTo("close 1005 clean");
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
