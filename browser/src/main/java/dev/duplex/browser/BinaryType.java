package dev.duplex.browser;

/**
 * How binary messages are given to {@code message} listeners: the {@code BinaryType} enumeration of the
 * WebSockets Standard (https://websockets.spec.whatwg.org/#dom-websocket-binarytype).
 */
public enum BinaryType {
    /** As an immutable {@link Blob}: the default. */
    BLOB("blob"),
    /** As a {@link java.nio.ByteBuffer} of its own (the counterpart of an {@code ArrayBuffer}). */
    ARRAYBUFFER("arraybuffer");

    private final String webName;

    BinaryType(String webName) {
        this.webName = webName;
    }

    /** The value a page would read from {@code binaryType}: {@code "blob"} or {@code "arraybuffer"}. */
    public String webName() {
        return webName;
    }

    /**
     * The constant for a page's value.
     *
     * @throws IllegalArgumentException if the value is neither {@code "blob"} nor {@code "arraybuffer"}
     *                                  (a page's assignment of such a value is ignored)
     */
    public static BinaryType fromWebName(String value) {
        for (BinaryType t : values()) {
            if (t.webName.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a BinaryType: " + value);
    }

    @Override
    public String toString() {
        return webName;
    }
}
