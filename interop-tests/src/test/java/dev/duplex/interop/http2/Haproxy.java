package dev.duplex.interop.http2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (Debian's 2.6) run by a test: in the foreground ({@code -db}) with its own configuration file, listening on
 * loopback ports chosen by the test, its log lines on stderr kept for failure messages, and stopped by its PID.
 * Public for the conformance cases played through it ({@code conformance.Http2HopConformanceTest}).
 */
public final class Haproxy implements AutoCloseable {
    static final String BINARY = "/usr/sbin/haproxy";

    /**
     * Settings every configuration of this package starts with: HTTP mode (HTX, always on since 2.1: the old
     * {@code option http-use-htx} is refused by 2.6), one log line per request on stderr (not for the readiness probes' empty connections), and bounded timeouts;
     * {@code timeout tunnel} governs a WebSocket once it is open (both RFC 6455 upgrades and RFC 8441 streams).
     */
    static final String DEFAULTS = """
            global
                log stderr format raw local0 info
                maxconn 256
            defaults
                mode http
                log global
                option httplog
                option dontlognull
                timeout connect 2s
                timeout client 10s
                timeout server 10s
                timeout tunnel 30s
                timeout client-fin 2s
                timeout server-fin 2s
            """;

    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private Haproxy(Process process) {
        this.process = process;
        Thread pump = new Thread(() -> pump(process.getInputStream()), "haproxy-output");
        pump.setDaemon(true);
        pump.start();
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** A port that was free on loopback a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Writes {@link #DEFAULTS} plus {@code sections} to a file in {@code dir}, checks it ({@code -c}), starts HAProxy
     * on it and waits until every one of {@code frontPorts} accepts connections.
     */
    public static Haproxy start(Path dir, String sections, int... frontPorts) throws IOException, InterruptedException {
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, DEFAULTS + sections);
        Tool.Result check = Tool.run(Duration.ofSeconds(10), BINARY, "-c", "-f", config.toString());
        if (check.exit() != 0) {
            throw new AssertionError("haproxy refused its configuration: " + check);
        }
        Process p = new ProcessBuilder(BINARY, "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        Haproxy h = new Haproxy(p);
        try {
            for (int port : frontPorts) {
                h.awaitListening(port);
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            h.close();
            throw e;
        }
        return h;
    }

    private void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("haproxy exited with " + process.exitValue() + ": " + output);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("haproxy (pid " + process.pid() + ") is not listening on " + port + ": " + output);
    }

    private void pump(InputStream in) {
        try (in) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What HAProxy printed so far (start-up notices and one log line per request). */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM to its PID: immediate stop
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
