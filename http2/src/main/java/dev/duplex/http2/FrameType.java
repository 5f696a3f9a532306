package dev.duplex.http2;

/**
 * The ten frame types of RFC 9113 section 6, with their type codes and the flags each defines. Frames of
 * other types are ignored (sections 4.1 and 5.5), as are flags a type does not define (section 4.1).
 */
enum FrameType {
    DATA(0x0),
    HEADERS(0x1),
    PRIORITY(0x2),
    RST_STREAM(0x3),
    SETTINGS(0x4),
    PUSH_PROMISE(0x5),
    PING(0x6),
    GOAWAY(0x7),
    WINDOW_UPDATE(0x8),
    CONTINUATION(0x9);

    /** END_STREAM on DATA and HEADERS (sections 6.1, 6.2). */
    static final int FLAG_END_STREAM = 0x1;
    /** ACK on SETTINGS and PING (sections 6.5, 6.7). */
    static final int FLAG_ACK = 0x1;
    /** END_HEADERS on HEADERS, PUSH_PROMISE and CONTINUATION (sections 6.2, 6.6, 6.10). */
    static final int FLAG_END_HEADERS = 0x4;
    /** PADDED on DATA, HEADERS and PUSH_PROMISE (sections 6.1, 6.2, 6.6). */
    static final int FLAG_PADDED = 0x8;
    /** PRIORITY on HEADERS (section 6.2): the deprecated priority fields are present. */
    static final int FLAG_PRIORITY = 0x20;

    private static final FrameType[] BY_CODE = values();

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** The type for a code read from the wire, or null for an unknown type (to be ignored, section 5.5). */
    static FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
