package dev.duplex.engine.extension;

import dev.duplex.engine.ProtocolException;

import java.nio.ByteBuffer;

/**
 * A negotiated extension on one connection (RFC 6455 section 9): a transformer of data frames that declares
 * the RSV bits it uses. Created by {@link ExtensionFactory} during the opening handshake; called by the
 * engine on the connection's thread only. Control frames never pass through extensions.
 * <p>Incoming, for each data frame: {@link #beginFrame} (does this frame's payload need decoding?), then
 * {@link #decode} for each piece of payload when it does, then {@link #endFrame}. Decoded bytes go to a
 * {@link DecodedSink} in bounded pieces, so that the engine can apply its message size limit while data is
 * being expanded, never after.
 * <p>Outgoing, {@link #encode} transforms one frame's payload and says which RSV bits to set on it.
 */
public interface Extension extends AutoCloseable {

    /** The extension's name as negotiated, e.g. {@code permessage-deflate}. */
    String name();

    /** RSV bits this extension uses: 0b100 = RSV1, 0b010 = RSV2, 0b001 = RSV3 (RFC 6455 section 5.2). */
    int rsvBits();

    /** The header element agreed for this extension (what the server answered). */
    ExtensionParameters agreed();

    /**
     * An incoming data frame starts.
     *
     * @param firstOfMessage true for a text or binary frame, false for a continuation frame
     * @param rsv            the frame's RSV bits (only bits of negotiated extensions can be set)
     * @return true when the frame's payload must go through {@link #decode}
     * @throws ProtocolException when the bits are used against the extension's rules (for example RSV1 on a
     *                           continuation frame for permessage-deflate: 1002)
     */
    boolean beginFrame(boolean firstOfMessage, boolean fin, int rsv);

    /** A piece of payload of a frame for which {@link #beginFrame} returned true; absolute indexes. */
    void decode(ByteBuffer in, int from, int to, DecodedSink out);

    /**
     * The current frame ended. {@code endOfMessage} is true when it was the last frame of its message.
     * Called for every data frame, decoded or not.
     */
    void endFrame(boolean decoded, boolean endOfMessage, DecodedSink out);

    /**
     * Transforms the payload of one outgoing data frame.
     *
     * @param data the remaining bytes of this buffer are the payload; its position must not move
     * @return the payload to send and the RSV bits to set
     */
    Encoded encode(ByteBuffer data, boolean firstOfMessage, boolean lastOfMessage);

    /** Frees what the extension holds (native compressor memory). The extension is not used afterwards. */
    @Override
    void close();

    /** Where decoded bytes go: absolute indexes of a buffer valid during the call only. */
    @FunctionalInterface
    interface DecodedSink {
        void accept(ByteBuffer buf, int from, int to);
    }

    /** An encoded frame payload and the RSV bits to set on its frame. */
    record Encoded(ByteBuffer payload, int rsv) {
    }
}
