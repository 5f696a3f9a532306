package dev.duplex.http2.hpack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HPACK static table (RFC 7541 section 2.3.1 and Appendix A): 61 predefined entries at indexes 1..61; the
 * dynamic table's entries follow from index 62 (section 2.3.3).
 */
final class StaticTable {
    /** Entries in index order; index {@code i} is {@code ENTRIES.get(i - 1)}. */
    static final List<HeaderField> ENTRIES = List.of(
            field(":authority", ""),
            field(":method", "GET"),
            field(":method", "POST"),
            field(":path", "/"),
            field(":path", "/index.html"),
            field(":scheme", "http"),
            field(":scheme", "https"),
            field(":status", "200"),
            field(":status", "204"),
            field(":status", "206"),
            field(":status", "304"),
            field(":status", "400"),
            field(":status", "404"),
            field(":status", "500"),
            field("accept-charset", ""),
            field("accept-encoding", "gzip, deflate"),
            field("accept-language", ""),
            field("accept-ranges", ""),
            field("accept", ""),
            field("access-control-allow-origin", ""),
            field("age", ""),
            field("allow", ""),
            field("authorization", ""),
            field("cache-control", ""),
            field("content-disposition", ""),
            field("content-encoding", ""),
            field("content-language", ""),
            field("content-length", ""),
            field("content-location", ""),
            field("content-range", ""),
            field("content-type", ""),
            field("cookie", ""),
            field("date", ""),
            field("etag", ""),
            field("expect", ""),
            field("expires", ""),
            field("from", ""),
            field("host", ""),
            field("if-match", ""),
            field("if-modified-since", ""),
            field("if-none-match", ""),
            field("if-range", ""),
            field("if-unmodified-since", ""),
            field("last-modified", ""),
            field("link", ""),
            field("location", ""),
            field("max-forwards", ""),
            field("proxy-authenticate", ""),
            field("proxy-authorization", ""),
            field("range", ""),
            field("referer", ""),
            field("refresh", ""),
            field("retry-after", ""),
            field("server", ""),
            field("set-cookie", ""),
            field("strict-transport-security", ""),
            field("transfer-encoding", ""),
            field("user-agent", ""),
            field("vary", ""),
            field("via", ""),
            field("www-authenticate", ""));

    /** Number of static entries (61); dynamic indexes start after it. */
    static final int LENGTH = ENTRIES.size();

    /** Name and value (not sensitive) to index. */
    private static final Map<HeaderField, Integer> BY_FIELD = new HashMap<>();
    /** Name to its lowest index. */
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        for (int i = 1; i <= LENGTH; i++) {
            HeaderField f = ENTRIES.get(i - 1);
            BY_FIELD.putIfAbsent(f, i);
            BY_NAME.putIfAbsent(f.name(), i);
        }
    }

    private StaticTable() {
    }

    private static HeaderField field(String name, String value) {
        return new HeaderField(name, value);
    }

    /** The entry at {@code index}, 1..{@link #LENGTH}. */
    static HeaderField get(int index) {
        return ENTRIES.get(index - 1);
    }

    /** The index of the entry with the name and value of {@code field}, or 0. */
    static int indexOf(HeaderField field) {
        Integer i = BY_FIELD.get(field.sensitive() ? new HeaderField(field.name(), field.value()) : field);
        return i == null ? 0 : i;
    }

    /** The lowest index of an entry with this name, or 0. */
    static int indexOfName(String name) {
        Integer i = BY_NAME.get(name);
        return i == null ? 0 : i;
    }
}
