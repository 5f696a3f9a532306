package dev.duplex.fuzz;

import java.util.function.Supplier;

/** A property of the code under test did not hold for a fuzz input. Jazzer reports it as a finding. */
final class FuzzFailure extends AssertionError {
    FuzzFailure(String message) {
        super(message);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new FuzzFailure(message);
        }
    }

    /** As {@link #check(boolean, String)}, building the message only on failure. */
    static void check(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new FuzzFailure(message.get());
        }
    }
}
