package dev.duplex.browser;

import java.util.ArrayList;
import java.util.List;

/**
 * The event listener list of an {@code EventTarget} (DOM Standard, https://dom.spec.whatwg.org/#concept-event-listener)
 * with event handlers (HTML Standard, https://html.spec.whatwg.org/#event-handler-attributes): listeners are
 * called in registration order; adding the same listener twice for a type adds it once; an event handler
 * takes its place in the list when first set to a non-null value, keeps it when changed, and leaves the
 * list when set to null. Listeners added during a dispatch are not called for that event; listeners
 * removed during it are not called any more.
 */
final class Listeners {
    private static final System.Logger LOG = System.getLogger(WebSocket.class.getName());

    private static final class Entry {
        final EventType<?> type;
        final boolean handler;
        volatile EventListener<?> callback;
        volatile boolean removed;

        Entry(EventType<?> type, EventListener<?> callback, boolean handler) {
            this.type = type;
            this.callback = callback;
            this.handler = handler;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized <E extends Event> void add(EventType<E> type, EventListener<? super E> listener) {
        for (Entry e : entries) {
            if (!e.handler && e.type == type && e.callback.equals(listener)) {
                return;
            }
        }
        entries.add(new Entry(type, listener, false));
    }

    synchronized <E extends Event> void remove(EventType<E> type, EventListener<? super E> listener) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!e.handler && e.type == type && e.callback.equals(listener)) {
                e.removed = true;
                entries.remove(i);
                return;
            }
        }
    }

    synchronized <E extends Event> void setHandler(EventType<E> type, EventListener<E> handler) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.handler && e.type == type) {
                if (handler == null) {
                    e.removed = true;
                    entries.remove(i);
                } else {
                    e.callback = handler;
                }
                return;
            }
        }
        if (handler != null) {
            entries.add(new Entry(type, handler, true));
        }
    }

    @SuppressWarnings("unchecked")
    synchronized <E extends Event> EventListener<E> handler(EventType<E> type) {
        for (Entry e : entries) {
            if (e.handler && e.type == type) {
                return (EventListener<E>) e.callback;
            }
        }
        return null;
    }

    /** Calls the listeners of the event's type; an exception from one is logged and does not stop the others. */
    @SuppressWarnings("unchecked")
    <E extends Event> void dispatch(EventType<E> type, E event) {
        List<Entry> snapshot = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries) {
                if (e.type == type) {
                    snapshot.add(e);
                }
            }
        }
        for (Entry e : snapshot) {
            if (e.removed) {
                continue;
            }
            try {
                ((EventListener<E>) e.callback).handleEvent(event);
            } catch (RuntimeException | Error t) {
                if (t instanceof VirtualMachineError vme) {
                    throw vme;
                }
                LOG.log(System.Logger.Level.WARNING, "a " + type + " listener of " + event.target() + " threw", t);
            }
        }
    }
}
