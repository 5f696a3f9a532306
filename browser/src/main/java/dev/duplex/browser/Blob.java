package dev.duplex.browser;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable binary data with a MIME type: the Java counterpart of the File API's {@code Blob}
 * (https://w3c.github.io/FileAPI/#blob-section). Binary messages arrive as blobs when the socket's
 * {@link WebSocket#binaryType()} is {@link BinaryType#BLOB}, and a blob can be sent with
 * {@link WebSocket#send(Blob)}. The bytes are held in memory. Two blobs are equal when their bytes and types are.
 */
public final class Blob {
    private static final Blob EMPTY = new Blob(new byte[0], "");

    private final byte[] bytes;
    private final String type;

    private Blob(byte[] bytes, String type) {
        this.bytes = bytes;
        this.type = type;
    }

    /** A blob of a copy of {@code bytes}, without type. */
    public static Blob of(byte[] bytes) {
        return of(bytes, "");
    }

    /**
     * A blob of a copy of {@code bytes} with a MIME type. As the {@code Blob} constructor does, a type with a
     * character outside U+0020-U+007E becomes the empty string, and a valid one is lower-cased.
     */
    public static Blob of(byte[] bytes, String type) {
        return new Blob(bytes.clone(), normalizeType(type));
    }

    /** A blob of a copy of the buffer's remaining bytes, without type; the buffer's position does not change. */
    public static Blob of(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return new Blob(copy, "");
    }

    /** A blob of {@code text} encoded as UTF-8 (lone surrogates become U+FFFD, as for a {@code USVString}). */
    public static Blob ofText(String text) {
        return new Blob(Strings.utf8(text), "");
    }

    /** A blob without bytes or type. */
    public static Blob empty() {
        return EMPTY;
    }

    static Blob wrap(byte[] bytes) {
        return new Blob(bytes, "");
    }

    /** The number of bytes ({@code Blob.size}). */
    public long size() {
        return bytes.length;
    }

    /** The MIME type, lower case, or the empty string ({@code Blob.type}). Received messages have none. */
    public String type() {
        return type;
    }

    /** A copy of the bytes (the counterpart of {@code Blob.bytes()}). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A new buffer holding a copy of the bytes (the counterpart of {@code Blob.arrayBuffer()}). */
    public ByteBuffer arrayBuffer() {
        return ByteBuffer.wrap(bytes.clone());
    }

    /** The bytes decoded as UTF-8, malformed sequences replaced by U+FFFD ({@code Blob.text()}). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A stream of the bytes ({@code Blob.stream()}). */
    public InputStream stream() {
        return new ByteArrayInputStream(bytes);
    }

    /**
     * A blob of the bytes from {@code start} (inclusive) to {@code end} (exclusive), with the given type, as
     * {@code Blob.slice(start, end, contentType)} computes it: negative positions count from the end, and
     * positions are clamped to the blob.
     */
    public Blob slice(long start, long end, String contentType) {
        long size = bytes.length;
        long from = start < 0 ? Math.max(size + start, 0) : Math.min(start, size);
        long to = end < 0 ? Math.max(size + end, 0) : Math.min(end, size);
        int span = (int) Math.max(to - from, 0);
        return new Blob(Arrays.copyOfRange(bytes, (int) from, (int) from + span), normalizeType(contentType));
    }

    /** {@link #slice(long, long, String)} keeping no type. */
    public Blob slice(long start, long end) {
        return slice(start, end, "");
    }

    ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    private static String normalizeType(String type) {
        Objects.requireNonNull(type, "type");
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return "";
            }
        }
        return type.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b && type.equals(b.type) && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return "Blob[" + bytes.length + " bytes" + (type.isEmpty() ? "" : ", " + type) + "]";
    }
}
