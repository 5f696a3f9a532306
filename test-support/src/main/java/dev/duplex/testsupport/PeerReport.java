package dev.duplex.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a peer reports, as {@code key value} lines in order: printed on stdout by a {@link PeerProcess}, or put
 * directly by an in-process Java peer. Waits are bounded, and end at once when the peer's output has ended.
 * Thread-safe.
 */
public final class PeerReport {
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Integer> consumed = new HashMap<>();
    private boolean ended;

    public synchronized void put(String key, Object value) {
        lines.add(key + " " + value);
        notifyAll();
    }

    public synchronized void line(String line) {
        lines.add(line);
        notifyAll();
    }

    /** No more lines will come (the peer's output ended): waits for missing ones fail now. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /**
     * Waits for the next line with {@code key} not returned before (each call moves past one such line) and
     * returns its value.
     */
    public synchronized String await(String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int seen = 0;
            int skip = consumed.getOrDefault(key, 0);
            for (String line : lines) {
                if (key(line).equals(key) && seen++ == skip) {
                    consumed.put(key, skip + 1);
                    return value(line);
                }
            }
            waitForMore(deadline, "no '" + key + "' within " + timeout);
        }
    }

    /** Waits for the first line (from the start) that {@code matches}, and returns it. */
    public synchronized String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (matches.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            waitForMore(deadline, "no matching line within " + timeout);
        }
    }

    private void waitForMore(long deadline, String failure) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (ended) {
            throw new AssertionError("peer reported " + failure + " (its output ended); report: " + lines);
        }
        if (left <= 0) {
            throw new AssertionError("peer reported " + failure + "; report so far: " + lines);
        }
        wait(Math.max(1, left / 1_000_000));
    }

    /** Every key with the value of its last line. */
    public synchronized Map<String, String> snapshot() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : lines) {
            m.put(key(line), value(line));
        }
        return m;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private static String key(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    private static String value(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? "" : line.substring(space + 1);
    }

    @Override
    public synchronized String toString() {
        return lines.toString();
    }
}
