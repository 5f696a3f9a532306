package dev.duplex.http2;

/**
 * One send flow-control window (RFC 9113 section 6.9): what the peer lets us send. WINDOW_UPDATE and changes of
 * the peer's SETTINGS_INITIAL_WINDOW_SIZE grow it, DATA shrinks it; it may go negative after a SETTINGS change
 * (section 6.9.2) and must never pass 2^31-1 (section 6.9.1).
 */
final class SendWindow {
    private long window;

    SendWindow(long initial) {
        this.window = initial;
    }

    long window() {
        return window;
    }

    /** What may be sent now: the window, or 0 when it is negative. */
    int available() {
        return (int) Math.max(0, window);
    }

    void consume(int size) {
        window -= size;
    }

    /** Adds {@code delta} (negative for a smaller initial window); false, changing nothing, past 2^31-1. */
    boolean grow(long delta) {
        if (window + delta > Settings.MAX_WINDOW_SIZE) {
            return false;
        }
        window += delta;
        return true;
    }

    @Override
    public String toString() {
        return Long.toString(window);
    }
}
