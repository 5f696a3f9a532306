package dev.duplex.http2.hpack;

import java.util.Objects;

/**
 * One header field of an HTTP/2 header list (RFC 9113 section 8.2): names are lowercase on the wire;
 * pseudo-header fields start with {@code ':'}. {@code sensitive} fields are encoded as "never indexed"
 * (RFC 7541 section 6.2.3), and decoded fields carry the flag the peer sent.
 */
public record HeaderField(String name, String value, boolean sensitive) {
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public HeaderField(String name, String value) {
        this(name, value, false);
    }

    /** The size HPACK and SETTINGS_MAX_HEADER_LIST_SIZE count: name and value octets plus 32 (RFC 7541 section 4.1). */
    public long size() {
        return octets(name) + octets(value) + 32L;
    }

    /** Octets of a header string: ISO-8859-1, one per char (field values are octets, RFC 9110 section 5.5). */
    static long octets(String s) {
        return s.length();
    }

    public boolean isPseudo() {
        return !name.isEmpty() && name.charAt(0) == ':';
    }

    @Override
    public String toString() {
        return name + ": " + (sensitive ? "<sensitive>" : value);
    }
}
