package dev.duplex.browser;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every event of a socket, with the state seen inside the listener and the thread it ran on. */
final class Recorder {
    /** An event, the socket's readyState when its listener ran, and the listener's thread. */
    record Seen(Event event, int readyState, String thread) {
    }

    final BlockingQueue<Seen> events = new LinkedBlockingQueue<>();
    final List<Seen> all = new CopyOnWriteArrayList<>();

    static Recorder on(WebSocket ws) {
        Recorder r = new Recorder();
        ws.addEventListener(EventType.OPEN, r::record);
        ws.addEventListener(EventType.MESSAGE, r::record);
        ws.addEventListener(EventType.ERROR, r::record);
        ws.addEventListener(EventType.CLOSE, r::record);
        return r;
    }

    private void record(Event e) {
        Seen s = new Seen(e, e.target().readyState(), Thread.currentThread().getName());
        all.add(s);
        events.add(s);
    }

    Seen nextSeen() throws InterruptedException {
        Seen s = events.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no event within 10 s; so far " + all);
        }
        return s;
    }

    <E extends Event> E next(Class<E> type) throws InterruptedException {
        Event e = nextSeen().event();
        if (!type.isInstance(e)) {
            throw new AssertionError("expected a " + type.getSimpleName() + " but got " + e + "; so far " + all);
        }
        return type.cast(e);
    }

    /** Skips to the close event. */
    CloseEvent awaitClose() throws InterruptedException {
        while (true) {
            if (nextSeen().event() instanceof CloseEvent c) {
                return c;
            }
        }
    }

    List<String> types() {
        return all.stream().map(s -> s.event().type()).toList();
    }
}
