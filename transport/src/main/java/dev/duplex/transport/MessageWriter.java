package dev.duplex.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Writes one message in pieces, each sent as a frame (RFC 6455 section 5.4: the first piece is a text or
 * binary frame, the others continuation frames, the last one has FIN set). Obtained from
 * {@link WebSocket#startMessage(MessageType)}. Meant for one producer at a time: pieces are sent in the order
 * of the calls.
 */
public interface MessageWriter {

    /** Whether the message is text or binary. */
    MessageType type();

    /**
     * Sends the buffer's remaining bytes as the next piece of the message. For a text message, the
     * concatenation of all pieces must be valid UTF-8 (a code point may be split between pieces). The
     * buffer's position is not changed; do not modify its content until the returned future completes.
     *
     * @param last true for the final piece
     * @return a future completed when the piece has been handed to the socket
     * @throws IllegalStateException if the last piece was already written
     */
    CompletableFuture<Void> write(ByteBuffer data, boolean last);
}
