package dev.duplex.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A third-party peer program run as a child process: a Python or Node script under the module's {@code peers}
 * folder, or any command. Its stdin is closed; its stdout lines go to a {@link PeerReport} (peers print results as
 * {@code key value} lines, the first {@value #MAX_LINES} are kept) and its stderr is kept for failure messages.
 * Every wait is bounded, and {@link #close()} always ends the process it started (and its descendants) by PID:
 * politely, then forcibly.
 */
public final class PeerProcess implements AutoCloseable {
    /** The peer scripts: {@code peers} in the module's folder (Maven runs tests there). */
    public static final Path PEERS = Path.of("peers").toAbsolutePath();
    /** Node packages ({@code ws}), installed by {@code scripts/install-peers.sh}. */
    public static final Path NODE_MODULES = Path.of("node", "node_modules").toAbsolutePath();
    public static final String PYTHON = "/usr/bin/python3";
    /** Stdout lines kept; later ones are dropped (a server flooding its log must not fill the test's heap). */
    public static final int MAX_LINES = 20_000;
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final PeerReport report = new PeerReport();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread stdoutPump;

    private PeerProcess(ProcessBuilder builder) throws IOException {
        process = builder.start();
        process.getOutputStream().close();
        String name = "peer-" + process.pid();
        stdoutPump = Thread.ofPlatform().daemon().name(name + "-stdout")
                .start(() -> pump(process.getInputStream(), true));
        Thread.ofPlatform().daemon().name(name + "-stderr").start(() -> pump(process.getErrorStream(), false));
    }

    /** Starts any command; set its directory, environment and {@code redirectErrorStream} on {@code builder}. */
    public static PeerProcess start(ProcessBuilder builder) throws IOException {
        return new PeerProcess(builder);
    }

    /** Runs {@code peers/<script>} with Debian's python3, unbuffered. */
    public static PeerProcess python(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script));
        command.addAll(List.of(args));
        return inPeers(command);
    }

    /** Runs {@code peers/<script>} with Node, with {@link #NODE_MODULES} as its {@code NODE_PATH}. */
    public static PeerProcess node(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return inPeers(command);
    }

    private static PeerProcess inPeers(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(PEERS.toFile());
        pb.environment().put("NODE_PATH", NODE_MODULES.toString());
        pb.environment().put("PYTHONUNBUFFERED", "1");
        return new PeerProcess(pb);
    }

    /** Whether Node's {@code ws} package is installed (tests that need it are skipped with a hint otherwise). */
    public static boolean nodeWsInstalled() {
        return Files.isRegularFile(NODE_MODULES.resolve("ws/package.json"));
    }

    public static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    private void pump(InputStream stream, boolean isStdout) {
        int count = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (isStdout) {
                    if (count++ < MAX_LINES) {
                        report.line(line);
                    }
                } else {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            if (isStdout) {
                report.end();
            }
        }
    }

    /** The peer's stdout, as it comes. */
    public PeerReport report() {
        return report;
    }

    /** Waits for the next stdout line whose key is {@code key} (see {@link PeerReport#await}) and returns its value. */
    public String await(String key, Duration timeout) throws InterruptedException {
        try {
            return report.await(key, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; stderr: " + stderr(), e);
        }
    }

    /** Waits for the process to exit by itself (and its stdout to be read) and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("peer did not exit within " + timeout + "; stdout so far: " + report
                    + "; stderr: " + stderr());
        }
        stdoutPump.join(GRACE.toMillis());
        return process.exitValue();
    }

    /** Waits for the process to exit by itself, then returns every stdout line as key → last value. */
    public Map<String, String> results(Duration timeout) throws InterruptedException {
        awaitExit(timeout);
        return report.snapshot();
    }

    /** Every stdout line so far. */
    public List<String> output() {
        return report.lines();
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Ends the process (if still running) and its descendants: a termination signal, then a kill after 5 s (at once
     * when this thread is interrupted, whose flag is then set again).
     */
    @Override
    public void close() {
        try {
            stop(GRACE);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** As {@link #close()}, with {@code grace} before the kill. */
    public void stop(Duration grace) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return "PeerProcess[pid " + process.pid() + ", " + process.info().commandLine().orElse("?") + "]";
    }
}
