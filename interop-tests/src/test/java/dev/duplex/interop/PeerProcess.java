package dev.duplex.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A third-party peer program (a script under {@code interop-tests/peers}) run as a child process. It prints
 * results as {@code key value} lines on stdout; this class collects them with deadlines and always ends the
 * process it started.
 */
final class PeerProcess implements AutoCloseable {
    static final Path PEERS = Path.of("peers").toAbsolutePath();
    static final Path NODE_MODULES = Path.of("node", "node_modules").toAbsolutePath();
    static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private PeerProcess(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(PEERS.toFile());
        pb.environment().put("NODE_PATH", NODE_MODULES.toString());
        pb.environment().put("PYTHONUNBUFFERED", "1");
        process = pb.start();
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), true), "peer-stdout");
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), false), "peer-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    static PeerProcess python(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script));
        command.addAll(List.of(args));
        return new PeerProcess(command);
    }

    static PeerProcess node(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return new PeerProcess(command);
    }

    static boolean nodeWsInstalled() {
        return Files.isRegularFile(NODE_MODULES.resolve("ws/package.json"));
    }

    private void pump(BufferedReader reader, boolean isStdout) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (isStdout) {
                    synchronized (all) {
                        all.add(line);
                    }
                    lines.add(line);
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

    /** Waits for the next line whose key is {@code key} and returns its value. */
    String await(String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("peer printed no '" + key + "' line within " + timeout + "; stdout: "
                        + output() + "; stderr: " + stderr());
            }
            int space = line.indexOf(' ');
            String k = space < 0 ? line : line.substring(0, space);
            if (k.equals(key)) {
                return space < 0 ? "" : line.substring(space + 1);
            }
        }
    }

    /** Waits for the process to end by itself, then returns every stdout line as key → last value. */
    Map<String, String> results(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("peer did not finish within " + timeout + "; stdout so far: " + output()
                    + "; stderr: " + stderr());
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : output()) {
            int space = line.indexOf(' ');
            results.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
        }
        return results;
    }

    List<String> output() {
        // Give the stdout pump a moment to catch the last lines of a process that just ended.
        try {
            Thread.sleep(process.isAlive() ? 0 : 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    int exitValue() {
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

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
