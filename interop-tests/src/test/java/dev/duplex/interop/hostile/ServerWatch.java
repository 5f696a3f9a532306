package dev.duplex.interop.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What a test can see of {@code duplex serve} from outside: its log lines and its thread count (Linux /proc). */
final class ServerWatch {
    /** The start of the line that reports an HTTP/2 connection error of the peer (INFO, {@code -v}). */
    static final String CONNECTION_FAILED =
            "HTTP/2 connection \\d+ with /127\\.0\\.0\\.1:\\d+ failed \\(the peer's error\\): ";

    private ServerWatch() {
    }

    /** Waits until a line of the server's output matches {@code regex} (a find, not a full match); fails otherwise. */
    static String awaitLine(ServeProcess server, String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : server.log().split("\n")) {
                if (p.matcher(line).find()) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line of the server's output matches /" + regex + "/ within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** How many lines of the server's output match {@code regex}. */
    static long countLines(ServeProcess server, String regex) {
        Pattern p = Pattern.compile(regex);
        return server.log().lines().filter(l -> p.matcher(l).find()).count();
    }

    /** The server's thread count (from /proc), or -1 where that is not available. */
    static int threads(ServeProcess server) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /**
     * The server has no more threads than {@code baseline} plus a few the JVM may add on its own (JIT compiler
     * threads come and go): connections and streams never get threads of their own.
     */
    static void assertThreadsBounded(ServeProcess server, int baseline) {
        int now = threads(server);
        if (baseline > 0 && now > 0) {
            assertThat(now).as("threads of duplex serve (%d before the attack)", baseline)
                    .isLessThanOrEqualTo(baseline + 4);
        }
    }
}
