package dev.duplex.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling, for conditions that no event signals (a count reaching zero, a page showing a state). */
public final class Waits {
    private static final long POLL_MILLIS = 10;

    private Waits() {
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
    public static boolean until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** As {@link #until}, failing with "timed out waiting until {@code what}" when the condition never held. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        if (!until(timeout, condition)) {
            throw new AssertionError("timed out waiting until " + what + " (" + timeout.toSeconds() + " s)");
        }
    }
}
