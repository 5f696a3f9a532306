package dev.duplex.benchmarks.peers;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Starts one reference echo server for {@code benchmarks/compare.sh}:
 * {@code java -cp benchmarks.jar dev.duplex.benchmarks.peers.PeerServer netty|jetty|jetty-h2|java-websocket PORT
 * [HOST] [THREADS] [deflate]}. Each serves {@code ws://HOST:PORT/echo}, echoing text and binary messages with their type
 * (up to 64 MiB). THREADS (default: available processors) sizes Netty's event loops and Java-WebSocket's decoders,
 * like Duplex's loops; Jetty keeps its defaults. {@code jetty-h2} is Jetty that also speaks cleartext HTTP/2 on the
 * same port, with WebSockets over HTTP/2 (RFC 8441; {@code benchmarks/compare-http2.sh}). {@code deflate} makes Netty and Java-WebSocket accept
 * permessage-deflate (Jetty always does, by default); without it they run their plain pipelines, because
 * Java-WebSocket's extension allocates its zlib state for every connection, negotiated or not. Runs until killed
 * (SIGTERM closes it).
 */
public final class PeerServer {
    private PeerServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PeerServer netty|jetty|jetty-h2|java-websocket PORT [HOST] [THREADS] [deflate]");
            System.exit(2);
        }
        String kind = args[0].toLowerCase(Locale.ROOT);
        int port = Integer.parseInt(args[1]);
        String host = args.length > 2 ? args[2] : "127.0.0.1";
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        boolean deflate = args.length > 4 && args[4].equals("deflate");
        EchoServer server = switch (kind) {
            case "netty" -> new NettyEchoServer(host, port, threads, deflate);
            case "jetty" -> new JettyEchoServer(host, port);
            case "jetty-h2" -> new JettyEchoServer(host, port, true);
            case "java-websocket" -> new JavaWebSocketEchoServer(host, port, threads, deflate);
            default -> throw new IllegalArgumentException("unknown server " + kind);
        };
        System.out.println(kind + " echo server on ws://" + host + ":" + port + "/echo"
                + (deflate ? " (permessage-deflate)" : "") + (kind.equals("jetty-h2") ? " (and h2c, RFC 8441)" : ""));
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // exiting anyway
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
