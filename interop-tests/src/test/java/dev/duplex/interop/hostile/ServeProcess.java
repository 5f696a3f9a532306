package dev.duplex.interop.hostile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duplex serve} in a JVM of its own with a small heap ({@value #HEAP}), so that a buffer growing without
 * bound ends in an {@code OutOfMemoryError} (or a dead process) instead of a test passing slowly. The port is
 * chosen by the server ({@code --port 0}) and read from the line it prints when it listens. The process is ended
 * by its PID when the test class is done.
 */
final class ServeProcess implements AutoCloseable {
    static final String HEAP = "-Xmx128m";
    private static final Pattern LISTENING = Pattern.compile("duplex serving on https?://[^:]+:(\\d+)/");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServeProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread pump = new Thread(this::pump, "serve-" + process.pid() + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code duplex serve --host 127.0.0.1 --port 0} with these extra flags and waits until it listens. */
    static ServeProcess start(String... flags) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.duplex.cli.Main",
                "serve", "--host", "127.0.0.1", "--port", "0"));
        command.addAll(List.of(flags));
        ServeProcess p = new ServeProcess(command);
        try {
            p.port.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.close();
            throw new AssertionError("duplex serve did not start: " + p.log(), e);
        }
        return p;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    if (lines.size() < 20_000) {
                        lines.add(line);
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            port.completeExceptionally(new IOException("duplex serve ended"));
        }
    }

    int port() {
        return port.join();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** The server's resident memory in KiB (from /proc), or -1 where that is not available. */
    long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Still running, and nothing in its output says it ran out of memory or failed internally. */
    /** After a test class: the server must still be healthy; then it is stopped. Nothing when none started. */
    static void stopHealthy(ServeProcess server) throws InterruptedException {
        if (server != null) {
            try {
                server.assertHealthy();
            } finally {
                server.close();
            }
        }
    }

    void assertHealthy() {
        assertThat(isAlive()).as("duplex serve is still running; its output:\n%s", log()).isTrue();
        String log = log();
        assertThat(log).as("duplex serve output").doesNotContain("OutOfMemoryError")
                .doesNotContain("StackOverflowError").doesNotContain("internal failure")
                .doesNotContainPattern("(?m)^\\S+ S "); // no SEVERE (System.Logger ERROR) line
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
