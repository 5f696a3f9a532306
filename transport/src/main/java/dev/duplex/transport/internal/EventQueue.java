package dev.duplex.transport.internal;

import dev.duplex.engine.Event;

/**
 * Engine events waiting to be passed to listeners. Events are queued while an engine call runs and
 * dispatched after it returns, so that listeners may call the engine again (send, close) without
 * re-entering it mid-call. Shared by the connections of one loop; loop thread only.
 */
final class EventQueue {
    private WebSocketSession[] sessions = new WebSocketSession[16];
    private Event[] events = new Event[16];
    private int size;
    private boolean draining;

    void add(WebSocketSession session, Event event) {
        if (size == events.length) {
            sessions = java.util.Arrays.copyOf(sessions, size * 2);
            events = java.util.Arrays.copyOf(events, size * 2);
        }
        sessions[size] = session;
        events[size] = event;
        size++;
    }

    /** Dispatches queued events in order, including those queued meanwhile. Re-entrant calls return at once. */
    void drain() {
        if (draining || size == 0) {
            return;
        }
        draining = true;
        try {
            for (int i = 0; i < size; i++) {
                WebSocketSession s = sessions[i];
                Event e = events[i];
                sessions[i] = null;
                events[i] = null;
                s.dispatch(e);
            }
        } finally {
            size = 0;
            draining = false;
        }
    }
}
