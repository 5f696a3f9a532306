package dev.duplex.transport;

/**
 * What a connection does with a data send when its outgoing buffer already holds more than the configured
 * limit ({@link WebSocket#bufferedAmount()} above the limit), which means the peer reads slower than the
 * application sends.
 * <p>The limit is checked <em>before</em> a message is queued, against what is already waiting: a single
 * large message is always accepted by a connection whose buffer is below the limit. Control frames (ping,
 * pong, close) are never refused.
 */
public enum OverflowPolicy {
    /**
     * Refuse the send (its future fails with {@link SendBufferOverflowException}) and close the connection
     * with 1008 (policy violation), dropping the slow peer. The default: it bounds memory even for
     * applications that ignore send futures, and the peer learns it was dropped instead of silently
     * missing messages.
     */
    CLOSE,
    /**
     * Refuse only the send (its future fails with {@link SendBufferOverflowException}); the connection stays
     * open and later sends succeed once the buffer drains. For applications that watch their futures or
     * {@link WebSocket#bufferedAmount()} and pace themselves.
     */
    FAIL_SEND
}
