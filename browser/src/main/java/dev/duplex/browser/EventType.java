package dev.duplex.browser;

/**
 * The four event types of a {@link WebSocket}, typed by their event class, for
 * {@link WebSocket#addEventListener(EventType, EventListener)}.
 *
 * @param <E> the event class
 */
public final class EventType<E extends Event> {
    public static final EventType<OpenEvent> OPEN = new EventType<>("open");
    public static final EventType<MessageEvent> MESSAGE = new EventType<>("message");
    public static final EventType<ErrorEvent> ERROR = new EventType<>("error");
    public static final EventType<CloseEvent> CLOSE = new EventType<>("close");

    private final String name;

    private EventType(String name) {
        this.name = name;
    }

    /** The name a page uses: {@code "open"}, {@code "message"}, {@code "error"} or {@code "close"}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
