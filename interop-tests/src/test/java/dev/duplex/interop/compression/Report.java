package dev.duplex.interop.compression;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a peer reports, as {@code key value} lines in order: printed on stdout by a peer script, or put directly
 * by an in-process Java peer. Thread-safe.
 */
final class Report {
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Integer> consumed = new HashMap<>();

    synchronized void put(String key, Object value) {
        lines.add(key + " " + value);
        notifyAll();
    }

    synchronized void line(String line) {
        lines.add(line);
        notifyAll();
    }

    /**
     * Waits for the next line with {@code key} not returned before (each call moves past one such line) and
     * returns its value.
     */
    synchronized String await(String key, Duration timeout) throws InterruptedException {
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
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("peer reported no '" + key + "' within " + timeout + "; report so far: " + lines);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Every key with the value of its last line. */
    synchronized Map<String, String> snapshot() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : lines) {
            m.put(key(line), value(line));
        }
        return m;
    }

    synchronized List<String> lines() {
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
