package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;

/**
 * The other end of a connection: builds the frames it sends, masked when it is a client talking to a server
 * engine (RFC 6455 section 5.1), unmasked when it is a server talking to a client engine. Every masked frame
 * gets a different key from a fixed sequence.
 */
public final class Peer {
    private final boolean masks;
    private int keys;

    private Peer(boolean masks) {
        this.masks = masks;
    }

    /** The peer of an engine playing {@code engineRole}. */
    public static Peer of(Role engineRole) {
        return new Peer(engineRole == Role.SERVER);
    }

    public boolean masks() {
        return masks;
    }

    private Integer nextKey() {
        if (!masks) {
            return null;
        }
        keys++;
        return 0x37FA213D * keys ^ 0x5A5A0000 * (keys & 1);
    }

    public byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return Frames.frame(fin, rsv, opcode, payload, nextKey());
    }

    public byte[] frame(boolean fin, int opcode, byte[] payload) {
        return frame(fin, 0, opcode, payload);
    }

    /** A header alone, announcing a payload that is not given. */
    public byte[] header(boolean fin, int rsv, int opcode, long length) {
        return Frames.header(fin, rsv, opcode, length, nextKey());
    }

    public byte[] header(boolean fin, int rsv, int opcode, long length, int form) {
        return Frames.header(fin, rsv, opcode, length, form, nextKey());
    }

    public byte[] text(String s) {
        return frame(true, Opcode.TEXT, Frames.utf8(s));
    }

    public byte[] text(byte[] utf8) {
        return frame(true, Opcode.TEXT, utf8);
    }

    public byte[] binary(byte[] data) {
        return frame(true, Opcode.BINARY, data);
    }

    public byte[] ping(byte[] payload) {
        return frame(true, Opcode.PING, payload);
    }

    public byte[] pong(byte[] payload) {
        return frame(true, Opcode.PONG, payload);
    }

    /** A close frame without a payload. */
    public byte[] close() {
        return frame(true, Opcode.CLOSE, new byte[0]);
    }

    public byte[] close(int code, String reason) {
        return frame(true, Opcode.CLOSE, Frames.closePayload(code, reason));
    }

    public byte[] closeRaw(byte[] payload) {
        return frame(true, Opcode.CLOSE, payload);
    }
}
