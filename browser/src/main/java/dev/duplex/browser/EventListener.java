package dev.duplex.browser;

/**
 * Receives events of a {@link WebSocket} (the DOM's {@code EventListener}). Registered with
 * {@link WebSocket#addEventListener} or as an event handler ({@link WebSocket#setOnMessage} and the like).
 * Listeners of one socket are called one at a time, in order, never on Duplex's event-loop threads; an
 * exception thrown by one is logged and the next listener is still called, as the DOM reports exceptions.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventListener<E extends Event> {
    void handleEvent(E event);
}
