package dev.duplex.interop.conformance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw-socket stand-in for the conformance suite's fuzzing server, for {@code duplex testee-client}: it
 * speaks the suite's URL protocol ({@code /getCaseCount}, {@code /runCase?case=N&agent=A},
 * {@code /updateReports?agent=A}), accepts each upgrade by hand, and plays the {@linkplain #load loaded}
 * script as case 1 with the fuzzer as the server (unmasked frames built by hand).
 * <p>{@code /updateReports} is answered only once the case's script has finished (TCP close checks
 * included), so that the client cannot end its run, and drop its connections, in the middle of them.
 */
final class FuzzingServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<String> targets = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final AtomicLong seeds = new AtomicLong(7_455);
    private volatile Script script;
    private volatile CompletableFuture<Void> verdict = CompletableFuture.completedFuture(null);

    FuzzingServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fuzzing-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    /** Makes {@code s} the suite's only case; returns its verdict, completed once it has been played. */
    synchronized CompletableFuture<Void> load(Script s) {
        script = s;
        verdict = new CompletableFuture<>();
        targets.clear();
        errors.clear();
        return verdict;
    }

    /** The request targets received since the last {@link #load}, in order. */
    synchronized List<String> targets() {
        return List.copyOf(targets);
    }

    /** Problems on the {@code /getCaseCount} and {@code /updateReports} connections since the last load. */
    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            Thread t = new Thread(() -> handle(s), "fuzzing-server-" + s.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void handle(Socket socket) {
        String target = "?";
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            target = Handshakes.accept(socket).firstLine().split(" ")[1];
            synchronized (this) {
                targets.add(target);
            }
            socket.setSoTimeout(0);
            try (WireChannel channel = new WireChannel(socket, socket.getInputStream(), WireChannel.Side.SERVER,
                    seeds.getAndIncrement())) {
                String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
                switch (path) {
                    case "/getCaseCount" -> Script.script().send(Frame.text("1")).closeOnly().run(channel);
                    case "/runCase" -> runCase(channel);
                    case "/updateReports" -> {
                        try {
                            verdict.get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            // the verdict is the test's business
                        }
                        Script.script().closeOnly().run(channel);
                    }
                    default -> Script.script().send(Frame.close(1008)).run(channel);
                }
            }
        } catch (Throwable t) {
            synchronized (this) {
                errors.add(target + ": " + t);
            }
        } finally {
            sockets.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void runCase(WireChannel channel) {
        CompletableFuture<Void> v = verdict;
        try {
            script.run(channel);
            v.complete(null);
        } catch (Throwable t) {
            v.completeExceptionally(t);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.join(2_000);
    }
}
