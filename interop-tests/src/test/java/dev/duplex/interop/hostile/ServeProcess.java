package dev.duplex.interop.hostile;

import dev.duplex.testsupport.PeerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final PeerProcess process;
    private final int port;

    private ServeProcess(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code duplex serve --host 127.0.0.1 --port 0} with these extra flags and waits until it listens. */
    static ServeProcess start(String... flags) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.duplex.cli.Main",
                "serve", "--host", "127.0.0.1", "--port", "0"));
        command.addAll(List.of(flags));
        PeerProcess p = PeerProcess.start(new ProcessBuilder(command).redirectErrorStream(true));
        try {
            String line = p.report().awaitLine(l -> LISTENING.matcher(l).find(), Duration.ofSeconds(30));
            Matcher m = LISTENING.matcher(line);
            m.find();
            return new ServeProcess(p, Integer.parseInt(m.group(1)));
        } catch (AssertionError | RuntimeException e) {
            p.close();
            throw new AssertionError("duplex serve did not start: " + String.join("\n", p.output()), e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        return String.join("\n", process.output());
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

    /** Still running, and nothing in its output says it ran out of memory or failed internally. */
    void assertHealthy() {
        assertThat(isAlive()).as("duplex serve is still running; its output:\n%s", log()).isTrue();
        String log = log();
        assertThat(log).as("duplex serve output").doesNotContain("OutOfMemoryError")
                .doesNotContain("StackOverflowError").doesNotContain("internal failure")
                .doesNotContainPattern("(?m)^\\S+ S "); // no SEVERE (System.Logger ERROR) line
    }

    @Override
    public void close() throws InterruptedException {
        process.stop(Duration.ofSeconds(10));
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
