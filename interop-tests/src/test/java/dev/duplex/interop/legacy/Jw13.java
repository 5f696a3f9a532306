package dev.duplex.interop.legacy;

import dev.duplex.testsupport.EventLog;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Java-WebSocket 1.3.0, the last release with the hixie drafts ({@code Draft_75}, {@code Draft_76}) and
 * {@code Draft_10} (version 8), as a legacy peer. It cannot share the test class path with the 1.6.0 used by other
 * tests, so the jar (copied to {@code target/legacy-peers} by the build) is loaded in a class loader of its own whose
 * parent is the platform loader, and a small adapter compiled against it at test time ({@link #SOURCE}) talks to the
 * tests through JDK types only: events arrive as strings in a queue.
 */
final class Jw13 {
    private static final String SOURCE = """
            package jw13;

            import org.java_websocket.WebSocket;
            import org.java_websocket.client.WebSocketClient;
            import org.java_websocket.drafts.*;
            import org.java_websocket.handshake.ClientHandshake;
            import org.java_websocket.handshake.ServerHandshake;
            import org.java_websocket.server.WebSocketServer;

            import java.net.InetSocketAddress;
            import java.net.URI;
            import java.nio.ByteBuffer;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.Map;
            import java.util.concurrent.BlockingQueue;

            public final class Peers {
                static Draft draft(String name) {
                    switch (name) {
                        case "Draft_75": return new Draft_75();
                        case "Draft_76": return new Draft_76();
                        case "Draft_10": return new Draft_10();
                        case "Draft_17": return new Draft_17();
                        default: throw new IllegalArgumentException(name);
                    }
                }

                public static Object client(String draft, String uri, Map<String, String> headers,
                                            BlockingQueue<String> events) throws Exception {
                    WebSocketClient c = new WebSocketClient(new URI(uri), draft(draft), headers, 10000) {
                        public void onOpen(ServerHandshake h) { events.add("open " + h.getHttpStatus()); }
                        public void onMessage(String m) { events.add("text " + m); }
                        public void onMessage(ByteBuffer b) { events.add("binary " + b.remaining()); }
                        public void onClose(int code, String reason, boolean remote) {
                            events.add("close " + code + " remote=" + remote);
                        }
                        public void onError(Exception e) { events.add("error " + e); }
                    };
                    c.connect();
                    return c;
                }

                public static void send(Object client, String text) { ((WebSocketClient) client).send(text); }

                public static void close(Object client) { ((WebSocketClient) client).close(); }

                public static Object server(int port, List<String> drafts, BlockingQueue<String> events) {
                    List<Draft> list = new ArrayList<Draft>();
                    for (String d : drafts) list.add(draft(d));
                    WebSocketServer s = new WebSocketServer(new InetSocketAddress("127.0.0.1", port), list) {
                        public void onOpen(WebSocket conn, ClientHandshake h) {
                            events.add("open " + conn.getDraft().getClass().getSimpleName());
                        }
                        public void onMessage(WebSocket conn, String m) {
                            events.add("text " + m);
                            if (m.equals("close me")) {
                                conn.close(1000); // the server ends this one connection
                            } else {
                                conn.send(m);
                            }
                        }
                        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
                            events.add("close " + code + " remote=" + remote);
                        }
                        public void onError(WebSocket conn, Exception e) { events.add("error " + e); }
                    };
                    s.start();
                    return s;
                }

                public static void stop(Object server) throws Exception { ((WebSocketServer) server).stop(1000); }
            }
            """;

    private static Class<?> peers;

    private Jw13() {
    }

    /** The adapter class, compiled and loaded once. */
    static synchronized Class<?> peers() throws Exception {
        if (peers != null) {
            return peers;
        }
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "legacy-peers", "Java-WebSocket-1.3.0.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it (generate-test-resources)");
        }
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "jw13-adapter");
        Path src = dir.resolve("src/jw13/Peers.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, err, err, "-nowarn", "-proc:none", "--release", "17", "-cp", jar.toString(), "-d",
                classes.toString(), src.toString());
        if (rc != 0) {
            throw new IllegalStateException("compiling the Java-WebSocket 1.3.0 adapter failed:\n"
                    + err.toString(StandardCharsets.UTF_8));
        }
        URLClassLoader loader = new URLClassLoader("java-websocket-1.3.0",
                new URL[] {classes.toUri().toURL(), jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        peers = loader.loadClass("jw13.Peers");
        return peers;
    }

    private static Object call(String name, Object... args) throws Exception {
        for (Method m : peers().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception x ? x : e;
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    /** A Java-WebSocket 1.3.0 client of the given draft, connecting at once. */
    static final class Client implements AutoCloseable {
        final EventLog events = new EventLog();
        private final Object client;

        Client(String draft, URI uri, Map<String, String> headers) throws Exception {
            client = call("client", draft, uri.toString(), headers, events.queue());
        }

        /**
         * A client whose handshake succeeded ({@code open 101} already taken from the events). Java-WebSocket
         * 1.3.0's {@code Draft_76} puts DEL (0x7F) in about one key in seven; Duplex accepts it, so the first
         * attempt must succeed.
         */
        static Client open(String draft, URI uri) throws Exception {
            Client c = new Client(draft, uri, Map.of());
            String first = c.next();
            if (!first.equals("open 101")) {
                c.close();
                throw new AssertionError(draft + " handshake failed: " + first);
            }
            return c;
        }

        void send(String text) throws Exception {
            call("send", client, text);
        }

        /** The next event, such as {@code open 101}, {@code text hello}, {@code close 1000 remote=true}. */
        String next() throws InterruptedException {
            return events.next();
        }

        @Override
        public void close() throws Exception {
            call("close", client);
        }
    }

    /** A Java-WebSocket 1.3.0 echo server speaking the given drafts. */
    static final class Server implements AutoCloseable {
        final EventLog events = new EventLog();
        final int port;
        private final Object server;

        Server(List<String> drafts) throws Exception {
            port = freePort();
            server = call("server", port, drafts, events.queue());
            awaitListening(port);
        }

        String next() throws InterruptedException {
            return events.next();
        }

        @Override
        public void close() throws Exception {
            call("stop", server);
        }
    }

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Java-WebSocket binds in its own thread: waits (at most 10 s) until the port is taken, probing by binding it
     * rather than connecting, so that the server sees no stray connection.
     */
    static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (var probe = new java.net.ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException taken) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("nothing listens on port " + port);
    }
}
