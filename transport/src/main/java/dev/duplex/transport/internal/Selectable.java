package dev.duplex.transport.internal;

import java.nio.channels.SelectionKey;

/** What an event loop's selection keys are attached to. */
public interface Selectable {
    /** The key is ready for some of its interest operations. Called on the loop thread. */
    void onReady(SelectionKey key);

    /**
     * Release the channel at once: the loop is stopping, or handling the key failed unexpectedly. Called on
     * the loop thread.
     */
    void abort(Throwable cause);
}
