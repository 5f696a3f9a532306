package dev.duplex.transport.internal;

import java.nio.channels.SelectionKey;

/** What an event loop's selection keys are attached to. */
public interface Selectable {
    /** The key is ready for some of its interest operations. Called on the loop thread. */
    void onReady(SelectionKey key);

    /** The loop is stopping: release the channel at once. Called on the loop thread. */
    void onLoopStopped();
}
