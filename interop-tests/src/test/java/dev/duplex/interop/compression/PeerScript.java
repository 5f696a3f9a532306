package dev.duplex.interop.compression;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer script under {@code interop-tests/peers} run as a child process; its stdout lines go to a
 * {@link Report}. The process is always ended on {@link #close()}.
 */
final class PeerScript implements AutoCloseable {
    static final Path PEERS = Path.of("peers").toAbsolutePath();
    static final Path NODE_MODULES = Path.of("node", "node_modules").toAbsolutePath();
    static final String PYTHON = "/usr/bin/python3";

    final Report report = new Report();
    private final Process process;
    private final StringBuilder stderr = new StringBuilder();

    private PeerScript(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(PEERS.toFile());
        pb.environment().put("NODE_PATH", NODE_MODULES.toString());
        pb.environment().put("PYTHONUNBUFFERED", "1");
        process = pb.start();
        process.getOutputStream().close();
        Thread.ofPlatform().daemon().name("peer-stdout").start(() -> pump(process.getInputStream(), true));
        Thread.ofPlatform().daemon().name("peer-stderr").start(() -> pump(process.getErrorStream(), false));
    }

    static PeerScript python(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script));
        command.addAll(List.of(args));
        return new PeerScript(command);
    }

    static PeerScript node(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return new PeerScript(command);
    }

    static boolean nodeWsInstalled() {
        return Files.isRegularFile(NODE_MODULES.resolve("ws/package.json"));
    }

    private void pump(java.io.InputStream stream, boolean isStdout) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (isStdout) {
                    report.line(line);
                } else {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("peer did not exit within " + timeout + "; report: " + report + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return "PeerScript[" + process.info().commandLine().orElse("?") + "]";
    }
}
