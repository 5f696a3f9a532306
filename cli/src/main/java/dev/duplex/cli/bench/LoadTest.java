package dev.duplex.cli.bench;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.PrintStream;
import java.net.Socket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop echo load test on Duplex's {@link WebSocketClient}: every connection keeps {@code depth}
 * messages in flight and sends the next one when an echo comes back, so the round trip of each message is
 * measured from its send call to its echo. Phases: connect (at most {@code connectConcurrency} handshakes at
 * once), warm-up, measured window, drain (no new sends until every echo is back), close.
 * <p>All of a connection's work runs on its event-loop thread (the first sends are made in {@code onOpen}),
 * so the per-connection state needs no synchronization; counters are per loop thread ({@link ThreadStats}).
 * Being closed-loop, latency is the service time at that load, not an open-loop latency at a fixed rate.
 */
public final class LoadTest {
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CLOSE_SECONDS = 10;

    private final BenchOptions options;
    private final PrintStream log;
    private final String text;
    private final ByteBuffer payload;
    private final List<ThreadStats> allStats = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ThreadStats> threadStats = ThreadLocal.withInitial(() -> {
        ThreadStats s = new ThreadStats();
        allStats.add(s);
        return s;
    });
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger compressed = new AtomicInteger();
    /** WebSockets that opened as streams of an HTTP/2 connection. */
    private final AtomicInteger overHttp2 = new AtomicInteger();
    /** The local addresses (IP and port) of the open WebSockets: one per TCP connection that carries any. */
    private final Set<InetSocketAddress> tcpConnections = ConcurrentHashMap.newKeySet();
    private final ConnectOptions[] connectOptions;
    private final LatencyHistogram connectLatency = new LatencyHistogram();
    private volatile boolean measuring;
    private volatile boolean stopping;
    private volatile String phase = "connecting";

    private LoadTest(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
        byte[] bytes = new byte[options.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        this.text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
        this.payload = ByteBuffer.wrap(bytes);
        this.connectOptions = new ConnectOptions[options.sourceAddresses()];
        for (int i = 0; i < connectOptions.length; i++) {
            ConnectOptions.Builder b = ConnectOptions.builder()
                    .http2(options.http2() ? Http2Policy.PRIOR_KNOWLEDGE : Http2Policy.NEVER);
            if (options.sourceAddresses() > 1) {
                b.localAddress(sourceAddress(i));
            }
            connectOptions[i] = b.build();
        }
    }

    /**
     * Runs the test described by {@code options}, printing the progress line (if asked) and notices to
     * {@code log}. Blocks for about warm-up + duration plus connect and close times.
     */
    public static BenchResult run(BenchOptions options, PrintStream log) throws InterruptedException {
        return new LoadTest(options, log).run();
    }

    private BenchResult run() throws InterruptedException {
        int n = options.connections();
        EngineConfig engine = EngineConfig.builder()
                .maxMessageSize(Math.max(EngineConfig.DEFAULT_MAX_MESSAGE_SIZE, options.size() + 1L)).build();
        WebSocketClient.Builder builder = WebSocketClient.builder()
                .eventLoops(options.threads())
                .engineConfig(engine)
                .maxBufferedBytes(Math.max(16L << 20, 2L * options.size() * options.depth()))
                // generous: a slow server under a connection storm is measured, not failed
                .connectTimeout(Duration.ofSeconds(30))
                .handshakeTimeout(Duration.ofSeconds(30));
        if (options.compress()) {
            builder.extensions(PerMessageDeflate.defaults());
        }
        if (options.insecure()) {
            builder.tls(trustingEveryone());
        }
        WebSocketClient client = builder.build();
        CpuClock tool = CpuClock.self();
        CpuClock server = CpuClock.of(options.serverPid());
        if (options.serverPid() > 0 && server == null) {
            log.println("duplex bench: no process " + options.serverPid() + " to measure; server CPU not reported");
        }
        Progress progress = options.progress() ? new Progress() : null;
        Conn[] conns = new Conn[n];
        int failed;
        long connectNanos;
        long connectTool;
        long connectServer;
        long windowNanos;
        long windowTool;
        long windowServer;
        try {
            if (progress != null) {
                progress.start();
            }
            long tool0 = tool.nanos();
            long server0 = server == null ? -1 : server.nanos();
            long t0 = System.nanoTime();
            failed = connectAll(client, conns);
            connectNanos = System.nanoTime() - t0;
            connectTool = CpuClock.between(tool0, tool.nanos());
            connectServer = server == null ? -1 : CpuClock.between(server0, server.nanos());
            boolean none = failed == conns.length;
            if (options.idle()) {
                log.printf(Locale.ROOT, "ready: %d connections open in %.3f s%n", open.get(), connectNanos / 1e9);
                log.flush();
            } else if (!none) {
                phase = "warm-up";
                sleep(options.warmup());
            }
            phase = options.idle() ? "holding" : "measuring";
            long toolStart = tool.nanos();
            long serverStart = server == null ? -1 : server.nanos();
            long start = System.nanoTime();
            measuring = true;
            if (!none) {
                sleep(options.duration());
            }
            measuring = false;
            windowNanos = System.nanoTime() - start;
            windowTool = CpuClock.between(toolStart, tool.nanos());
            windowServer = server == null ? -1 : CpuClock.between(serverStart, server.nanos());
            stopping = true;
            phase = "draining";
            drain();
            phase = "closing";
            closeAll(conns);
        } finally {
            if (progress != null) {
                progress.interrupt();
            }
            client.close();
        }
        if (progress != null) {
            progress.join(2000);
        }
        return summarize(conns, failed, connectNanos, connectTool, connectServer, windowNanos, windowTool,
                windowServer);
    }

    /** 127.0.0.(1 + i), any free port. */
    private static InetSocketAddress sourceAddress(int i) {
        byte[] ip = {127, 0, 0, (byte) (1 + i)};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid IPv4 address
        }
    }

    /** A TLS context that accepts any server certificate and host name ({@code --insecure}). */
    private static SSLContext trustingEveryone() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS", e);
        }
    }

    /** Opens every connection, at most {@code connectConcurrency} at a time; returns how many failed. */
    private int connectAll(WebSocketClient client, Conn[] conns) throws InterruptedException {
        Semaphore permits = new Semaphore(options.connectConcurrency());
        CountDownLatch done = new CountDownLatch(conns.length);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < conns.length; i++) {
            permits.acquire();
            Conn c = new Conn();
            conns[i] = c;
            long start = System.nanoTime();
            CompletableFuture<WebSocket> f;
            try {
                // connection i from 127.0.0.(1 + i mod N); with HTTP/2 the client shares one connection per address
                f = client.connect(options.url(), connectOptions[i % connectOptions.length], c);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((ws, e) -> {
                long took = System.nanoTime() - start;
                if (e != null) {
                    failed.incrementAndGet();
                    noteError("connect failed: " + e);
                } else {
                    synchronized (connectLatency) {
                        connectLatency.record(took);
                    }
                }
                permits.release();
                done.countDown();
            });
        }
        if (!done.await(60 + conns.length / 100, TimeUnit.SECONDS)) {
            noteError("connecting timed out");
        }
        return failed.get();
    }

    /** Waits until every message sent has come back (no new ones are sent once {@code stopping} is set). */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (System.nanoTime() - deadline < 0) {
            long sent = 0;
            long received = 0;
            for (ThreadStats s : allStats) {
                sent += s.sentCount();
                received += s.receivedCount();
            }
            if (sent == received) {
                return;
            }
            Thread.sleep(5);
        }
        noteError("not every echo came back within " + TimeUnit.NANOSECONDS.toSeconds(DRAIN_NANOS) + " s");
    }

    private void closeAll(Conn[] conns) throws InterruptedException {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Conn c : conns) {
            if (c != null && c.ws != null) {
                c.closingByUs = true;
                closing.add(c.ws.close());
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            noteError("closing timed out after " + CLOSE_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            noteError("close failed: " + e.getCause());
        }
    }

    private BenchResult summarize(Conn[] conns, int failed, long connectNanos, long connectTool, long connectServer,
                                  long windowNanos, long windowTool, long windowServer) {
        long sent = 0;
        long received = 0;
        long errors = 0;
        long measured = 0;
        long measuredBytes = 0;
        LatencyHistogram latency = new LatencyHistogram();
        for (ThreadStats s : allStats) {
            sent += s.sentCount();
            received += s.receivedCount();
            errors += s.errorCount();
            measured += s.measured;
            measuredBytes += s.measuredBytes;
            latency.add(s.latency);
        }
        int opened = 0;
        for (Conn c : conns) {
            if (c != null && c.ws != null) {
                opened++;
            }
        }
        LatencyHistogram connect;
        synchronized (connectLatency) {
            connect = new LatencyHistogram();
            connect.add(connectLatency);
        }
        return new BenchResult(options, opened, failed, compressed.get(), overHttp2.get(), tcpConnections.size(),
                connectNanos, connect, sent, received, errors, windowNanos, measured, measuredBytes, latency, windowTool, windowServer, connectTool,
                connectServer, firstError.get());
    }

    private void noteError(String message) {
        firstError.compareAndSet(null, message);
    }

    private static void sleep(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** One connection: its ring of send times and its sends, all on its event-loop thread. */
    private final class Conn implements WebSocketListener {
        private final long[] sendTimes = new long[Math.max(1, options.depth())];
        private final ByteBuffer data = payload.duplicate();
        private int head;
        private int tail;
        private int outstanding;
        private ThreadStats stats;
        volatile WebSocket ws;
        volatile boolean closingByUs;

        @Override
        public void onOpen(WebSocket ws) {
            this.ws = ws;
            stats = threadStats.get();
            open.incrementAndGet();
            InetSocketAddress local = ws.localAddress();
            if (local != null) {
                tcpConnections.add(local);
            }
            if (ws.httpVersion() == HttpVersion.HTTP_2) {
                overHttp2.incrementAndGet();
            } else if (options.http2()) {
                stats.error();
                noteError("a WebSocket opened over HTTP/1.1, not HTTP/2 (the server does not allow extended CONNECT, "
                        + "or its limit of concurrent streams per connection was reached)");
            }
            if (options.compress()) {
                if (ws.extensions().contains(PerMessageDeflate.NAME)) {
                    compressed.incrementAndGet();
                } else {
                    stats.error();
                    noteError("the server did not accept permessage-deflate (extensions: '" + ws.extensions() + "')");
                }
            }
            if (!options.idle()) {
                for (int i = 0; i < options.depth(); i++) {
                    sendNext(ws);
                }
            }
        }

        private void sendNext(WebSocket ws) {
            sendTimes[tail] = System.nanoTime();
            tail = tail + 1 == sendTimes.length ? 0 : tail + 1;
            outstanding++;
            stats.sent();
            if (options.binary()) {
                ws.sendBinary(data);
            } else {
                ws.sendText(text);
            }
        }

        @Override
        public void onText(WebSocket ws, String message) {
            echoed(ws, !options.binary() && message.equals(text), message.length());
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer message) {
            echoed(ws, options.binary() && message.equals(payload), message.remaining());
        }

        private void echoed(WebSocket ws, boolean intact, int bytes) {
            long now = System.nanoTime();
            ThreadStats s = stats;
            if (outstanding == 0) {
                s.error();
                noteError("a message that was not sent came back");
                return;
            }
            long sentAt = sendTimes[head];
            head = head + 1 == sendTimes.length ? 0 : head + 1;
            outstanding--;
            s.received(bytes);
            if (!intact) {
                s.error();
                noteError("an echo differs from the message sent (" + bytes + " bytes)");
            }
            if (measuring) {
                s.latency.record(now - sentAt);
                s.measured++;
                s.measuredBytes += bytes;
            }
            if (!stopping) {
                sendNext(ws);
            }
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (stats != null) {
                stats.error();
            }
            noteError(error.toString());
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            open.decrementAndGet();
            if (!closingByUs) {
                if (stats != null) {
                    stats.error();
                }
                noteError("the server closed a connection: " + code + " " + reason);
            }
        }
    }

    /** Prints one line a second to the log: phase, open connections, rates of the last second, CPU. */
    private final class Progress extends Thread {
        Progress() {
            super("duplex-bench-progress");
            setDaemon(true);
        }

        @Override
        public void run() {
            CpuClock cpu = CpuClock.self();
            long started = System.nanoTime();
            long lastAt = started;
            long lastReceived = 0;
            long lastBytes = 0;
            long lastCpu = cpu.nanos();
            try {
                while (!isInterrupted()) {
                    Thread.sleep(1000);
                    long now = System.nanoTime();
                    long received = 0;
                    long bytes = 0;
                    long errors = 0;
                    for (ThreadStats s : allStats) {
                        received += s.receivedCount();
                        bytes += s.receivedBytes();
                        errors += s.errorCount();
                    }
                    long c = cpu.nanos();
                    double secs = (now - lastAt) / 1e9;
                    log.printf(Locale.ROOT,
                            "[%5.1fs] %-9s open %,d  %,.0f msg/s  %.2f MB/s  errors %,d  tool cpu %.0f%%%n",
                            (now - started) / 1e9, phase, open.get(), (received - lastReceived) / secs,
                            (bytes - lastBytes) / 1e6 / secs, errors, 100.0 * (c - lastCpu) / (now - lastAt));
                    log.flush();
                    lastAt = now;
                    lastReceived = received;
                    lastBytes = bytes;
                    lastCpu = c;
                }
            } catch (InterruptedException e) {
                // done
            }
        }
    }
}
