package dev.duplex.http2;

import static dev.duplex.http2.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.duplex.http2.ErrorCode.PROTOCOL_ERROR;

/**
 * The values of the SETTINGS parameters of one endpoint (RFC 9113 section 6.5.2, RFC 8441 section 3).
 * Unlimited values ({@code maxConcurrentStreams}, {@code maxHeaderListSize}) are {@link #UNLIMITED}.
 *
 * @param headerTableSize       SETTINGS_HEADER_TABLE_SIZE (0x1): the HPACK dynamic table the sender's decoder allows
 * @param enablePush            SETTINGS_ENABLE_PUSH (0x2)
 * @param maxConcurrentStreams  SETTINGS_MAX_CONCURRENT_STREAMS (0x3): streams the sender lets its peer open
 * @param initialWindowSize     SETTINGS_INITIAL_WINDOW_SIZE (0x4): the sender's initial stream receive window
 * @param maxFrameSize          SETTINGS_MAX_FRAME_SIZE (0x5): the largest frame payload the sender accepts
 * @param maxHeaderListSize     SETTINGS_MAX_HEADER_LIST_SIZE (0x6): advisory, uncompressed size with 32 octets
 *                              per field
 * @param enableConnectProtocol SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8, RFC 8441): the sender accepts extended CONNECT
 */
public record Settings(long headerTableSize, boolean enablePush, long maxConcurrentStreams, int initialWindowSize,
                       int maxFrameSize, long maxHeaderListSize, boolean enableConnectProtocol) {

    public static final int HEADER_TABLE_SIZE = 0x1;
    public static final int ENABLE_PUSH = 0x2;
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    public static final int MAX_FRAME_SIZE = 0x5;
    public static final int MAX_HEADER_LIST_SIZE = 0x6;
    public static final int ENABLE_CONNECT_PROTOCOL = 0x8;

    /** Stands for "no limit" (the initial value of two parameters, section 6.5.2). */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** The smallest and largest SETTINGS_MAX_FRAME_SIZE (section 6.5.2). */
    public static final int MIN_MAX_FRAME_SIZE = 16_384;
    public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
    /** The largest flow-control window, 2^31-1 (section 6.9.1). */
    public static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;
    /** The initial window of streams and of the connection until changed (section 6.9.2). */
    public static final int DEFAULT_WINDOW_SIZE = 65_535;

    /** The initial values every endpoint starts from before any SETTINGS frame (section 6.5.2). */
    public static final Settings DEFAULTS = new Settings(4096, true, UNLIMITED, DEFAULT_WINDOW_SIZE,
            MIN_MAX_FRAME_SIZE, UNLIMITED, false);

    /**
     * These settings with one parameter changed; unknown identifiers are ignored (section 6.5.2). The value must
     * already have passed {@link #check(int, long)}.
     */
    Settings with(int id, long value) {
        return switch (id) {
            case HEADER_TABLE_SIZE -> new Settings(value, enablePush, maxConcurrentStreams, initialWindowSize,
                    maxFrameSize, maxHeaderListSize, enableConnectProtocol);
            case ENABLE_PUSH -> new Settings(headerTableSize, value == 1, maxConcurrentStreams, initialWindowSize,
                    maxFrameSize, maxHeaderListSize, enableConnectProtocol);
            case MAX_CONCURRENT_STREAMS -> new Settings(headerTableSize, enablePush, value, initialWindowSize,
                    maxFrameSize, maxHeaderListSize, enableConnectProtocol);
            case INITIAL_WINDOW_SIZE -> new Settings(headerTableSize, enablePush, maxConcurrentStreams, (int) value,
                    maxFrameSize, maxHeaderListSize, enableConnectProtocol);
            case MAX_FRAME_SIZE -> new Settings(headerTableSize, enablePush, maxConcurrentStreams, initialWindowSize,
                    (int) value, maxHeaderListSize, enableConnectProtocol);
            case MAX_HEADER_LIST_SIZE -> new Settings(headerTableSize, enablePush, maxConcurrentStreams,
                    initialWindowSize, maxFrameSize, value, enableConnectProtocol);
            case ENABLE_CONNECT_PROTOCOL -> new Settings(headerTableSize, enablePush, maxConcurrentStreams,
                    initialWindowSize, maxFrameSize, maxHeaderListSize, value == 1);
            default -> this;
        };
    }

    /**
     * Checks a received value (section 6.5.2, RFC 8441 section 3): ENABLE_PUSH and ENABLE_CONNECT_PROTOCOL are 0
     * or 1 and MAX_FRAME_SIZE is in [2^14, 2^24-1], else PROTOCOL_ERROR; INITIAL_WINDOW_SIZE above 2^31-1 is
     * FLOW_CONTROL_ERROR. Always connection errors.
     */
    static void check(int id, long value) {
        switch (id) {
            case ENABLE_PUSH, ENABLE_CONNECT_PROTOCOL -> {
                if (value > 1) {
                    throw Http2Exception.connection(PROTOCOL_ERROR, name(id) + " " + value + ", must be 0 or 1 ("
                            + (id == ENABLE_PUSH ? "RFC 9113 6.5.2" : "RFC 8441 3") + ")");
                }
            }
            case INITIAL_WINDOW_SIZE -> {
                if (value > MAX_WINDOW_SIZE) {
                    throw Http2Exception.connection(FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value
                            + " above 2^31-1 (6.5.2)");
                }
            }
            case MAX_FRAME_SIZE -> {
                if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
                    throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value
                            + " outside [16384, 16777215] (6.5.2)");
                }
            }
            default -> {
            }
        }
    }

    static String name(int id) {
        return switch (id) {
            case HEADER_TABLE_SIZE -> "SETTINGS_HEADER_TABLE_SIZE";
            case ENABLE_PUSH -> "SETTINGS_ENABLE_PUSH";
            case MAX_CONCURRENT_STREAMS -> "SETTINGS_MAX_CONCURRENT_STREAMS";
            case INITIAL_WINDOW_SIZE -> "SETTINGS_INITIAL_WINDOW_SIZE";
            case MAX_FRAME_SIZE -> "SETTINGS_MAX_FRAME_SIZE";
            case MAX_HEADER_LIST_SIZE -> "SETTINGS_MAX_HEADER_LIST_SIZE";
            case ENABLE_CONNECT_PROTOCOL -> "SETTINGS_ENABLE_CONNECT_PROTOCOL";
            default -> "SETTINGS_0x" + Integer.toHexString(id);
        };
    }

    @Override
    public String toString() {
        return "Settings[headerTableSize=" + headerTableSize + ", enablePush=" + enablePush
                + ", maxConcurrentStreams=" + unlimited(maxConcurrentStreams) + ", initialWindowSize="
                + initialWindowSize + ", maxFrameSize=" + maxFrameSize + ", maxHeaderListSize="
                + unlimited(maxHeaderListSize) + ", enableConnectProtocol=" + enableConnectProtocol + "]";
    }

    private static String unlimited(long value) {
        return value == UNLIMITED ? "unlimited" : Long.toString(value);
    }
}
