package dev.duplex.transport;

import java.io.IOException;

/**
 * Fails a send that was made after the connection started closing, or whose bytes could not be written
 * before the connection closed.
 */
public final class WebSocketClosedException extends IOException {
    public WebSocketClosedException(String message) {
        super(message);
    }
}
