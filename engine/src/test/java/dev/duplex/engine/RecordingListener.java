package dev.duplex.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records every event, and renders them as stable strings for exact comparisons. */
public final class RecordingListener implements EventListener {
    private final List<Event> events = new ArrayList<>();

    @Override
    public void onEvent(Event event) {
        if (event == null) {
            throw new AssertionError("null event");
        }
        events.add(event);
    }

    public List<Event> events() {
        return events;
    }

    /** The events rendered with {@link #render(Event)}. */
    public List<String> rendered() {
        return events.stream().map(RecordingListener::render).toList();
    }

    public Event last() {
        if (events.isEmpty()) {
            throw new AssertionError("no events");
        }
        return events.get(events.size() - 1);
    }

    public void clear() {
        events.clear();
    }

    /**
     * A canonical text form of an event: payloads in hex (the whole remaining content), texts verbatim,
     * a failure by its exception class and close code.
     */
    public static String render(Event e) {
        return switch (e) {
            case Event.Text t -> "Text(" + t.text() + ")";
            case Event.Binary b -> "Binary(" + hex(b.data()) + ")";
            case Event.Fragment f -> "Fragment(" + (f.text() ? "text" : "binary") + ", " + hex(f.data()) + ", "
                    + (f.last() ? "last" : "more") + ")";
            case Event.Ping p -> "Ping(" + hex(p.payload()) + ")";
            case Event.Pong p -> "Pong(" + hex(p.payload()) + ")";
            case Event.CloseReceived c -> "CloseReceived(" + c.code() + ", " + c.reason() + ")";
            case Event.Closed c -> "Closed(" + c.code() + ", " + c.reason() + ", " + (c.clean() ? "clean" : "unclean")
                    + (c.error() == null ? "" : ", " + c.error().getClass().getSimpleName() + "/"
                    + c.error().closeCode()) + ")";
        };
    }

    static String hex(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
