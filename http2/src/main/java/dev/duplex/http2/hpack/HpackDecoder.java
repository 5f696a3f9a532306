package dev.duplex.http2.hpack;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes HPACK header blocks (RFC 7541 sections 3, 4 and 6) with one dynamic table, which stays in sync with the
 * peer's encoder as long as every header block of the connection is decoded, in order.
 *
 * <p>Rules enforced (each violation throws {@link HpackException}, a connection error of type
 * COMPRESSION_ERROR, RFC 9113 section 4.3; the decoder then refuses further blocks):
 * <ul>
 *   <li>an index of 0, or past the static and dynamic tables (section 2.3.3, section 6.1);</li>
 *   <li>integers beyond {@code Integer.MAX_VALUE} or cut short (section 5.1, {@link HpackInteger});</li>
 *   <li>string lengths past the end of the block, bad Huffman codes, EOS and bad padding (section 5.2);</li>
 *   <li>a dynamic table size update above the advertised SETTINGS_HEADER_TABLE_SIZE (section 6.3), or after the
 *       first field representation of a block (section 4.2);</li>
 *   <li>a block that does not start with a size update at most the advertised value after that value was lowered
 *       below the table's current maximum size (section 4.2);</li>
 *   <li>a block that ends inside a representation.</li>
 * </ul>
 *
 * <p>Header list size: fields are collected until their total size exceeds {@code maxHeaderListSize}; the rest of
 * the block is still decoded (so the dynamic table keeps in step) but not collected, and the result is
 * {@link DecodedHeaders#tooLarge()}. Work and memory stay proportional to the block's length: fields not collected
 * are not materialized unless they enter the dynamic table, and indexed fields share the table's instance.
 *
 * <p>Not thread-safe: one decoder per connection, used by one thread at a time.
 */
public final class HpackDecoder {
    private final DynamicTable table;
    private final StringLiteral strings = new StringLiteral();
    private final long maxHeaderListSize;
    /** The SETTINGS_HEADER_TABLE_SIZE we advertise and the peer acknowledged: the ceiling for size updates. */
    private int maxTableSize;
    /** After our setting went below the table's maximum size: the next block must start with an update at most this; else -1. */
    private int requiredUpdateAtMost = -1;
    private boolean failed;
    private long blocks;
    /** Size of the last literal decoded without materializing it (see {@link #literal}). */
    private long lastLiteralSize;

    /**
     * @param maxTableSize      the SETTINGS_HEADER_TABLE_SIZE we advertise (the peer may not exceed it); the dynamic
     *                          table starts with this maximum size, so pass the protocol's initial 4096 until the
     *                          peer acknowledges a different value, then call {@link #setMaxTableSize}
     * @param maxHeaderListSize limit on the decoded header list, the sum of {@link HeaderField#size()}
     */
    public HpackDecoder(int maxTableSize, long maxHeaderListSize) {
        if (maxTableSize < 0) {
            throw new IllegalArgumentException("maxTableSize must not be negative: " + maxTableSize);
        }
        if (maxHeaderListSize < 0) {
            throw new IllegalArgumentException("maxHeaderListSize must not be negative: " + maxHeaderListSize);
        }
        this.table = new DynamicTable(maxTableSize);
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /**
     * Decodes one complete header block (all HEADERS/PUSH_PROMISE and CONTINUATION fragments concatenated) and
     * consumes {@code block} fully.
     *
     * @throws HpackException on malformed input (see the class comment); the decoder is then unusable
     */
    public DecodedHeaders decode(ByteBuffer block) throws HpackException {
        if (failed) {
            throw new HpackException("decoder failed on an earlier header block; its dynamic table is out of sync "
                    + "(RFC 9113 section 4.3)");
        }
        try {
            DecodedHeaders result = decodeBlock(block);
            blocks++;
            return result;
        } catch (HpackException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * We changed our advertised SETTINGS_HEADER_TABLE_SIZE and the peer acknowledged it: size updates may not
     * exceed it (RFC 7541 section 6.3), and if it is below the table's current maximum size, the peer's next block
     * must start with a size update at most the lowest value set since (section 4.2).
     */
    public void setMaxTableSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("table size must not be negative: " + size);
        }
        maxTableSize = size;
        if (size < table.maxSize()) {
            requiredUpdateAtMost = requiredUpdateAtMost < 0 ? size : Math.min(requiredUpdateAtMost, size);
        }
    }

    private DecodedHeaders decodeBlock(ByteBuffer in) throws HpackException {
        List<HeaderField> fields = new ArrayList<>();
        long listSize = 0;
        boolean tooLarge = false;
        boolean fieldSeen = false;
        while (in.hasRemaining()) {
            int b = in.get() & 0xff;
            if ((b & 0xe0) == 0x20) {
                if (fieldSeen) {
                    throw new HpackException("dynamic table size update after a header field representation: "
                            + "it must come at the beginning of the header block (RFC 7541 section 4.2)");
                }
                sizeUpdate(HpackInteger.decode(in, b, 5));
                continue;
            }
            if (!fieldSeen) {
                fieldSeen = true;
                checkRequiredUpdate();
            }
            HeaderField field;
            if ((b & 0x80) != 0) {
                field = indexed(HpackInteger.decode(in, b, 7));                    // section 6.1
            } else if ((b & 0x40) != 0) {
                field = literal(in, HpackInteger.decode(in, b, 6), false, true);      // section 6.2.1
                table.add(field);
            } else {
                boolean neverIndexed = (b & 0x10) != 0;                               // sections 6.2.2, 6.2.3
                field = literal(in, HpackInteger.decode(in, b, 4), neverIndexed, !tooLarge);
            }
            long fieldSize = field == null ? lastLiteralSize : field.size();
            listSize += fieldSize;
            if (!tooLarge && listSize > maxHeaderListSize) {
                tooLarge = true;
            }
            if (!tooLarge) {
                fields.add(field);
            }
        }
        if (!fieldSeen) {
            checkRequiredUpdate();
        }
        return new DecodedHeaders(fields, listSize, tooLarge);
    }

    /** Section 6.1 and 2.3.3: index 1..61 is static, then the dynamic table newest first; 0 is an error. */
    private HeaderField indexed(int index) throws HpackException {
        if (index == 0) {
            throw new HpackException("index 0 in an indexed header field representation (RFC 7541 section 6.1)");
        }
        return lookup(index);
    }

    private HeaderField lookup(int index) throws HpackException {
        if (index <= StaticTable.LENGTH) {
            return StaticTable.get(index);
        }
        int dynamicIndex = index - StaticTable.LENGTH;
        if (dynamicIndex > table.length()) {
            throw new HpackException("index " + index + " is past the end of the tables (" + StaticTable.LENGTH
                    + " static + " + table.length() + " dynamic entries, RFC 7541 section 2.3.3)");
        }
        return table.get(dynamicIndex);
    }

    /**
     * Section 6.2: a literal field with an indexed name ({@code nameIndex} > 0) or a literal name, then a literal
     * value. Returns null when {@code keep} is false: the strings are validated and the field's size left in
     * {@link #lastLiteralSize}.
     */
    private HeaderField literal(ByteBuffer in, int nameIndex, boolean neverIndexed, boolean keep)
            throws HpackException {
        String name;
        long nameLength;
        if (nameIndex != 0) {
            name = lookup(nameIndex).name();
            nameLength = name.length();
        } else {
            name = strings.read(in, keep);
            nameLength = strings.lastLength();
        }
        String value = strings.read(in, keep);
        if (!keep) {
            lastLiteralSize = nameLength + strings.lastLength() + 32;
            return null;
        }
        return new HeaderField(name, value, neverIndexed);
    }

    /** Section 6.3: the new maximum size must not exceed the acknowledged setting; it may satisfy a required update. */
    private void sizeUpdate(int newSize) throws HpackException {
        if (newSize > maxTableSize) {
            throw new HpackException("dynamic table size update to " + newSize
                    + " exceeds the SETTINGS_HEADER_TABLE_SIZE limit " + maxTableSize + " (RFC 7541 section 6.3)");
        }
        if (requiredUpdateAtMost >= 0 && newSize <= requiredUpdateAtMost) {
            requiredUpdateAtMost = -1;
        }
        table.setMaxSize(newSize);
    }

    private void checkRequiredUpdate() throws HpackException {
        if (requiredUpdateAtMost >= 0) {
            throw new HpackException("header block does not start with a dynamic table size update to at most "
                    + requiredUpdateAtMost + " after SETTINGS_HEADER_TABLE_SIZE was lowered (RFC 7541 section 4.2)");
        }
    }

    /** The dynamic table (tests and diagnostics). */
    DynamicTable table() {
        return table;
    }

    @Override
    public String toString() {
        return "HpackDecoder[maxTableSize=" + maxTableSize + ", maxHeaderListSize=" + maxHeaderListSize
                + ", blocks=" + blocks + (requiredUpdateAtMost >= 0 ? ", awaiting size update <= " + requiredUpdateAtMost : "")
                + (failed ? ", failed" : "") + ", " + table + "]";
    }
}
