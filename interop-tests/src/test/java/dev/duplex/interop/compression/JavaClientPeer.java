package dev.duplex.interop.compression;

import dev.duplex.interop.compression.Payloads.Message;
import dev.duplex.testsupport.PeerReport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A third-party client library driven in-process (Jetty, Java-WebSocket, Netty). {@link #run} plays the same
 * scenario as the peer scripts and reports the same {@code key value} lines to a {@link PeerReport}:
 * {@code extensions}, {@code agreed}, {@code echo-INDEX}, {@code closed}, {@code done}.
 */
interface JavaClientPeer extends AutoCloseable {

    /** The server's {@code Sec-WebSocket-Extensions} as this client received it. */
    String extensionsHeader();

    /** The library's own view of what it negotiated. */
    String agreed();

    void sendWhole(Message m) throws Exception;

    /** Sends {@code m} as one message in several frames, cut at {@code cuts}. */
    void sendFragmented(Message m, List<Integer> cuts) throws Exception;

    /** The next whole message received: a {@code String} or a {@code byte[]}; null on timeout. */
    Object next(Duration timeout) throws InterruptedException;

    /** Closes with {@code code reason} and returns the server's close frame as {@code "CODE REASON"}. */
    String close(int code, String reason) throws Exception;

    /** Runs the scenario, reporting as the peer scripts do. */
    static void run(JavaClientPeer peer, PeerReport report) throws Exception {
        report.put("extensions", peer.extensionsHeader());
        report.put("agreed", peer.agreed());
        for (Message m : Payloads.MESSAGES) {
            if (m.peerFragments() && !m.peerCuts().isEmpty()) {
                peer.sendFragmented(m, m.peerCuts());
            } else {
                peer.sendWhole(m);
            }
            Object echo = peer.next(Duration.ofSeconds(30));
            String result;
            if (echo == null) {
                result = "timeout";
            } else if (m.text() != (echo instanceof String)) {
                result = "mismatch:type";
            } else {
                byte[] got = echo instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) echo;
                result = Arrays.equals(got, m.bytes()) ? "ok" : "mismatch:" + Payloads.difference(m.bytes(), got);
            }
            report.put("echo-" + m.index(), result);
            if (echo == null) {
                return;
            }
        }
        report.put("closed", peer.close(1000, "done"));
        report.put("done", "yes");
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
