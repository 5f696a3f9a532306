package dev.duplex.http2.hpack;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes header lists into HPACK header blocks (RFC 7541 sections 2, 4 and 6) with one dynamic table, mirroring
 * the peer decoder's table as long as every block produced is sent, in order.
 *
 * <p>Strategy, per field:
 * <ol>
 *   <li>Sensitive fields ({@link HeaderField#sensitive()}), {@code authorization}, {@code proxy-authorization} and
 *       {@code cookie} values shorter than {@value #SHORT_COOKIE} octets (guessable by a compression oracle,
 *       RFC 7541 section 7.1.3) are "literal never indexed" (section 6.2.3), with an indexed name when possible.</li>
 *   <li>A field equal to a static or dynamic table entry is an indexed field (section 6.1).</li>
 *   <li>Any other field is a literal with incremental indexing (section 6.2.1), naming the lowest static index or
 *       the newest dynamic entry with that name, unless it is larger than the whole table (section 4.4): then it
 *       is a literal without indexing (section 6.2.2).</li>
 * </ol>
 * Strings are Huffman-coded when that is not longer (section 5.2). Table size changes from the peer's
 * SETTINGS_HEADER_TABLE_SIZE are signalled at the start of the next block (sections 4.2 and 6.3).
 *
 * <p>Not thread-safe: one encoder per connection, used by one thread at a time.
 */
public final class HpackEncoder {
    /** This encoder's own cap on its dynamic table size, whatever the peer allows. */
    static final int MAX_TABLE_SIZE = 4096;
    /** Cookie values shorter than this are never indexed (a short secret is cheap to guess, section 7.1.3). */
    static final int SHORT_COOKIE = 20;

    private static final int INDEXED = 0x80, INCREMENTAL = 0x40, SIZE_UPDATE = 0x20, NEVER_INDEXED = 0x10,
            WITHOUT_INDEXING = 0x00;

    private final boolean huffman;
    private final DynamicTable table;
    /** Field (name and value, not sensitive) to the sequence number of its newest dynamic table entry. */
    private final Map<HeaderField, Long> fieldEntries = new HashMap<>();
    /** Name to the sequence number of the newest dynamic table entry with that name. */
    private final Map<String, Long> nameEntries = new HashMap<>();
    private boolean updatePending;
    /** The smallest table size since the last block, and the size to end with (section 4.2). */
    private int pendingMin = Integer.MAX_VALUE;
    private int pendingSize;
    private long blocks;

    /** An encoder for a peer whose SETTINGS_HEADER_TABLE_SIZE is the initial 4096 until {@link #setMaxTableSize}. */
    public HpackEncoder() {
        this(MAX_TABLE_SIZE, true);
    }

    /**
     * An encoder whose table starts at {@code tableSize} without signalling it (as in the examples of RFC 7541
     * Appendix C.5), Huffman-coding strings or not (Appendix C.3 and C.5 use raw strings).
     */
    HpackEncoder(int tableSize, boolean huffman) {
        this.huffman = huffman;
        this.table = new DynamicTable(tableSize, this::evicted);
    }

    /**
     * The peer's SETTINGS_HEADER_TABLE_SIZE changed (an unsigned 32-bit value). The encoder uses
     * {@code min(value, 4096)} and emits a dynamic table size update at the start of the next block, preceded by one
     * to the smallest size set since the last block if that is smaller (RFC 7541 sections 4.2 and 6.3).
     */
    public void setMaxTableSize(int peerSetting) {
        int size = (int) Math.min(Integer.toUnsignedLong(peerSetting), MAX_TABLE_SIZE);
        if (!updatePending && size == table.maxSize()) {
            return;
        }
        updatePending = true;
        pendingMin = Math.min(pendingMin, size);
        pendingSize = size;
    }

    /**
     * Appends the header block for {@code fields} to {@code out} (in write mode), growing it as needed.
     *
     * @return {@code out}, or a larger buffer (heap or direct like {@code out}) holding its content and the block
     * @throws IllegalArgumentException if a name or value has a char above 0xFF (strings are ISO-8859-1 octets);
     *         checked before anything is written or indexed
     */
    public ByteBuffer encode(List<HeaderField> fields, ByteBuffer out) {
        for (HeaderField f : fields) {
            checkOctets(f.name(), f);
            checkOctets(f.value(), f);
        }
        if (updatePending) {
            out = ensure(out, 2 * HpackInteger.MAX_ENCODED_LENGTH);
            if (pendingMin < pendingSize) {
                sizeUpdate(out, pendingMin);
            }
            sizeUpdate(out, pendingSize);
            updatePending = false;
            pendingMin = Integer.MAX_VALUE;
        }
        for (HeaderField f : fields) {
            out = ensure(out, HpackInteger.MAX_ENCODED_LENGTH + StringLiteral.maxEncodedLength(f.name())
                    + StringLiteral.maxEncodedLength(f.value()));
            encodeField(f, out);
        }
        blocks++;
        return out;
    }

    private void encodeField(HeaderField f, ByteBuffer out) {
        boolean neverIndex = neverIndexed(f);
        if (!neverIndex) {
            int index = StaticTable.indexOf(f);
            if (index == 0) {
                index = dynamicIndex(fieldEntries.get(f));
            }
            if (index != 0) {
                HpackInteger.encode(out, INDEXED, 7, index);
                return;
            }
        }
        int nameIndex = StaticTable.indexOfName(f.name());
        if (nameIndex == 0) {
            nameIndex = dynamicIndex(nameEntries.get(f.name()));
        }
        boolean indexing = !neverIndex && f.size() <= table.maxSize();
        if (neverIndex) {
            HpackInteger.encode(out, NEVER_INDEXED, 4, nameIndex);
        } else if (indexing) {
            HpackInteger.encode(out, INCREMENTAL, 6, nameIndex);
        } else {
            HpackInteger.encode(out, WITHOUT_INDEXING, 4, nameIndex);
        }
        if (nameIndex == 0) {
            StringLiteral.write(out, f.name(), huffman);
        }
        StringLiteral.write(out, f.value(), huffman);
        if (indexing) {
            long sequence = table.nextSequence();
            table.add(f);
            fieldEntries.put(f, sequence);
            nameEntries.put(f.name(), sequence);
        }
    }

    /** Whether {@code f} goes out as "literal never indexed" (RFC 7541 sections 6.2.3 and 7.1.3). */
    static boolean neverIndexed(HeaderField f) {
        if (f.sensitive()) {
            return true;
        }
        return switch (f.name()) {
            case "authorization", "proxy-authorization" -> true;
            case "cookie" -> f.value().length() < SHORT_COOKIE;
            default -> false;
        };
    }

    /** The HPACK index of the dynamic entry with this sequence number, or 0. */
    private int dynamicIndex(Long sequence) {
        if (sequence == null) {
            return 0;
        }
        int index = table.indexOfSequence(sequence);
        return index == 0 ? 0 : StaticTable.LENGTH + index;
    }

    private void evicted(HeaderField field, long sequence) {
        fieldEntries.remove(field, sequence);
        nameEntries.remove(field.name(), sequence);
    }

    /** Section 6.3: the update, then the same eviction on our copy of the table as on the peer's. */
    private void sizeUpdate(ByteBuffer out, int size) {
        HpackInteger.encode(out, SIZE_UPDATE, 5, size);
        table.setMaxSize(size);
    }

    private static void checkOctets(String s, HeaderField f) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xff) {
                throw new IllegalArgumentException("header field '" + f.name() + "' has a char above 0xFF at "
                        + i + ": header strings are ISO-8859-1 octets");
            }
        }
    }

    /** {@code out}, or a larger copy of it, with at least {@code needed} octets remaining. */
    private static ByteBuffer ensure(ByteBuffer out, int needed) {
        if (out.remaining() >= needed) {
            return out;
        }
        long wanted = Math.max((long) out.capacity() * 2, (long) out.position() + needed);
        int capacity = (int) Math.min(wanted, Integer.MAX_VALUE - 8);
        if (capacity - out.position() < needed) {
            throw new IllegalStateException("header block does not fit in a ByteBuffer");
        }
        ByteBuffer bigger = out.isDirect() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        out.flip();
        bigger.put(out);
        return bigger;
    }

    /** The dynamic table (tests and diagnostics). */
    DynamicTable table() {
        return table;
    }

    /** Entries in the encoder's lookup maps (tests: they follow the table's evictions). */
    int lookupEntries() {
        return fieldEntries.size() + nameEntries.size();
    }

    @Override
    public String toString() {
        return "HpackEncoder[huffman=" + huffman + ", blocks=" + blocks
                + (updatePending ? ", size update pending (min " + pendingMin + ", then " + pendingSize + ")" : "")
                + ", " + table + "]";
    }
}
