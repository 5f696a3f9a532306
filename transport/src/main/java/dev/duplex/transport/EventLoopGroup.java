package dev.duplex.transport;

import dev.duplex.transport.internal.LoopGroup;

/**
 * A set of event-loop threads, each with its own {@link java.nio.channels.Selector}, that run connections.
 * A connection stays on one loop for its whole life. Servers and clients create their own group unless one
 * is given to share threads between them; a shared group is closed by whoever created it.
 */
public sealed interface EventLoopGroup extends AutoCloseable permits LoopGroup {

    /** A group with one loop per available processor. */
    static EventLoopGroup create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A group of {@code threads} loops (non-daemon threads named {@code duplex-loop-N}).
     *
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    static EventLoopGroup create(int threads) {
        return new LoopGroup(threads, "duplex-loop", false);
    }

    /** The number of loops. */
    int size();

    /**
     * Stops every loop: connections still on them are closed at once (their listeners see 1006), and sends
     * still queued fail. Waits up to a few seconds for the threads to end. Idempotent.
     */
    @Override
    void close();
}
