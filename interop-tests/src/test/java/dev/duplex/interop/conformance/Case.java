package dev.duplex.interop.conformance;

/**
 * One conformance case: its name (the Autobahn|Testsuite case it mirrors, what it sends, the RFC 6455 section
 * it checks) and its script. The name is the test's display name.
 */
record Case(String name, Script script) {

    /** A case mirroring Autobahn|Testsuite case {@code number}. */
    static Case autobahn(String number, String what, String section, Script script) {
        return new Case("Autobahn " + number + ": " + what + " (RFC 6455 " + section + ")", script);
    }

    /** A case of our own, beyond the suite. */
    static Case rfc(String what, String section, Script script) {
        return new Case("RFC 6455 " + section + ": " + what, script);
    }

    @Override
    public String toString() {
        return name;
    }
}
