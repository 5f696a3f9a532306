package dev.duplex.transport;

/** The two kinds of data message (RFC 6455 section 5.6). */
public enum MessageType {
    /** UTF-8 text (opcode 0x1). */
    TEXT,
    /** Arbitrary bytes (opcode 0x2). */
    BINARY
}
