package dev.duplex.engine.handshake;

/**
 * Bounds on an HTTP head read by {@link HttpHeadParser}; a peer passing one is refused before more is buffered.
 *
 * @param maxLineLength  the longest start line or header line, in bytes, not counting its line ending
 * @param maxHeaderBytes the largest whole head in bytes: start line, header lines, line endings and the
 *                       final empty line
 * @param maxHeaderCount the most header lines
 */
public record HeadLimits(int maxLineLength, int maxHeaderBytes, int maxHeaderCount) {
    /** Limits of {@link #defaults()}. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8192;
    /** Limits of {@link #defaults()}. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16384;
    /** Limits of {@link #defaults()}. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;

    /** @throws IllegalArgumentException unless every limit is positive */
    public HeadLimits {
        if (maxLineLength <= 0 || maxHeaderBytes <= 0 || maxHeaderCount <= 0) {
            throw new IllegalArgumentException("head limits must be positive: " + maxLineLength + ", "
                    + maxHeaderBytes + ", " + maxHeaderCount);
        }
    }

    /** 8192-byte lines, a 16384-byte head, 100 header lines. */
    public static HeadLimits defaults() {
        return new HeadLimits(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADER_COUNT);
    }
}
