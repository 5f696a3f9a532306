package dev.duplex.interop.conformance;

import java.util.function.Supplier;

/**
 * One conformance case: its name (the Autobahn|Testsuite case it mirrors, what it sends, the RFC 6455 section
 * it checks) and its script, built when the case is played (large payloads are not kept between cases). The
 * name is the test's display name.
 */
record Case(String name, Supplier<Script> scripts) {

    /** A case mirroring Autobahn|Testsuite case {@code number}. */
    static Case autobahn(String number, String what, String section, Script script) {
        return autobahn(number, what, section, () -> script);
    }

    /** A case mirroring Autobahn|Testsuite case {@code number}, its script built when played. */
    static Case autobahn(String number, String what, String section, Supplier<Script> script) {
        return new Case("Autobahn " + number + ": " + what + " (RFC 6455 " + section + ")", script);
    }

    /** A case of our own, beyond the suite. */
    static Case rfc(String what, String section, Script script) {
        return rfc(what, section, () -> script);
    }

    /** A case of our own, its script built when played. */
    static Case rfc(String what, String section, Supplier<Script> script) {
        return new Case("RFC 6455 " + section + ": " + what, script);
    }

    Script script() {
        return scripts.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
