package dev.duplex.http2.hpack;

/**
 * The HPACK dynamic table (RFC 7541 section 2.3.2 and section 4): a FIFO of header fields, newest first, kept in a
 * ring buffer.
 * <ul>
 *   <li>An entry's size is its name and value octets plus 32 (section 4.1, {@link HeaderField#size()}).</li>
 *   <li>Adding an entry first evicts the oldest entries until it fits; an entry larger than the maximum size
 *       empties the table and is not added, which is not an error (section 4.4).</li>
 *   <li>Lowering the maximum size evicts the oldest entries until the size fits (section 4.3).</li>
 * </ul>
 * Index 1 is the newest entry (the HPACK index is {@code StaticTable.LENGTH + index}, section 2.3.3).
 * Every entry ever added has a sequence number (0, 1, 2, ...) so that an encoder can remember where a field
 * went and find it again ({@link #indexOfSequence}).
 */
final class DynamicTable {
    private HeaderField[] ring = new HeaderField[8];
    /** Ring position of the oldest entry. */
    private int oldest;
    private int count;
    /** Sum of the entries' sizes (section 4.1). */
    private long size;
    private int maxSize;
    /** Entries ever added: the sequence number of the next entry. */
    private long added;
    private final EvictionListener listener;

    /** Told of each entry leaving the table (eviction or clearing), with the entry's sequence number. */
    @FunctionalInterface
    interface EvictionListener {
        void evicted(HeaderField field, long sequence);
    }

    DynamicTable(int maxSize) {
        this(maxSize, null);
    }

    DynamicTable(int maxSize, EvictionListener listener) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maximum table size must not be negative: " + maxSize);
        }
        this.maxSize = maxSize;
        this.listener = listener;
    }

    /** Number of entries. */
    int length() {
        return count;
    }

    /** Sum of the entries' sizes (RFC 7541 section 4.1). */
    long size() {
        return size;
    }

    /** The maximum size (RFC 7541 section 4.2), as last set by a dynamic table size update. */
    int maxSize() {
        return maxSize;
    }

    /** The entry at {@code index}, 1 (newest) to {@link #length()}. */
    HeaderField get(int index) {
        if (index < 1 || index > count) {
            throw new IndexOutOfBoundsException("dynamic table index " + index + " of " + count);
        }
        return ring[(oldest + count - index) & (ring.length - 1)];
    }

    /** The sequence number the next entry added gets. */
    long nextSequence() {
        return added;
    }

    /** The index (1 = newest) of the entry with this sequence number, or 0 if it was evicted or never added. */
    int indexOfSequence(long sequence) {
        long index = added - sequence;
        return index >= 1 && index <= count ? (int) index : 0;
    }

    /** Adds {@code field} as the newest entry, evicting as needed (RFC 7541 section 4.4). */
    void add(HeaderField field) {
        long entrySize = field.size();
        if (entrySize > maxSize) {
            evictTo(0);
            return;
        }
        evictTo(maxSize - entrySize);
        if (count == ring.length) {
            grow();
        }
        ring[(oldest + count) & (ring.length - 1)] = field;
        count++;
        size += entrySize;
        added++;
    }

    /** Sets the maximum size and evicts the oldest entries until the table fits (RFC 7541 section 4.3). */
    void setMaxSize(int newMaxSize) {
        if (newMaxSize < 0) {
            throw new IllegalArgumentException("maximum table size must not be negative: " + newMaxSize);
        }
        maxSize = newMaxSize;
        evictTo(newMaxSize);
    }

    private void evictTo(long targetSize) {
        while (size > targetSize) {
            HeaderField evicted = ring[oldest];
            ring[oldest] = null;
            oldest = (oldest + 1) & (ring.length - 1);
            count--;
            size -= evicted.size();
            if (listener != null) {
                listener.evicted(evicted, added - count - 1);
            }
        }
    }

    /** Doubles the ring (a power of two), oldest entry first; at most maxSize / 32 entries ever fit. */
    private void grow() {
        HeaderField[] bigger = new HeaderField[ring.length * 2];
        for (int i = 0; i < count; i++) {
            bigger[i] = ring[(oldest + i) & (ring.length - 1)];
        }
        ring = bigger;
        oldest = 0;
    }

    @Override
    public String toString() {
        return "DynamicTable[entries=" + count + ", size=" + size + "/" + maxSize + "]";
    }

    /** Entries newest first (for tests and diagnostics). */
    HeaderField[] entries() {
        HeaderField[] out = new HeaderField[count];
        for (int i = 0; i < count; i++) {
            out[i] = get(i + 1);
        }
        return out;
    }
}
