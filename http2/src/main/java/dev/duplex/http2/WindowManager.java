package dev.duplex.http2;

import static dev.duplex.http2.ErrorCode.FLOW_CONTROL_ERROR;

/**
 * One receive flow-control window (RFC 9113 section 6.9) and the decision when to give credit back, after
 * python-hyper/h2's {@code WindowManager}: received DATA shrinks the window at once; bytes the application has
 * processed are credited back with one WINDOW_UPDATE once they reach half the window (or, with the window
 * exhausted, a quarter of it or 1024 octets), so a reader that stops consuming stops its sender and nobody
 * else.
 */
final class WindowManager {
    private long maxWindow;
    private long window;
    private long processed;

    WindowManager(long size) {
        this.maxWindow = size;
        this.window = size;
    }

    /** What the peer may still send. */
    long window() {
        return window;
    }

    /** The size this window is refilled up to. */
    long maxWindow() {
        return maxWindow;
    }

    /** Bytes processed but not yet credited back. */
    long unacknowledged() {
        return processed;
    }

    /**
     * Takes {@code size} flow-controlled octets out of the window; false, changing nothing, when they do not fit
     * (the peer overran what we advertised: FLOW_CONTROL_ERROR, section 6.9.1).
     */
    boolean consume(int size) {
        if (size > window) {
            return false;
        }
        window -= size;
        return true;
    }

    /**
     * Records that the application processed {@code size} octets; returns the increment to send now in a
     * WINDOW_UPDATE, or 0 for none yet.
     */
    int processed(int size) {
        processed += size;
        long room = maxWindow - window;
        long increment = 0;
        if (window == 0 && processed > Math.min(1024, maxWindow / 4)) {
            increment = Math.min(processed, room);
            processed = 0;
        } else if (processed >= maxWindow / 2) {
            increment = Math.min(processed, room);
            processed = 0;
        }
        window += increment;
        return (int) increment;
    }

    /**
     * Applies a change of the window size we advertise (SETTINGS_INITIAL_WINDOW_SIZE acknowledged, section
     * 6.9.2): the window moves by the difference and may become negative.
     *
     * @throws Http2Exception FLOW_CONTROL_ERROR when the window would pass 2^31-1
     */
    void resize(long delta) {
        if (window + delta > Settings.MAX_WINDOW_SIZE) {
            throw Http2Exception.connection(FLOW_CONTROL_ERROR, "receive window above 2^31-1 (6.9.2)");
        }
        window += delta;
        maxWindow += delta;
    }

    @Override
    public String toString() {
        return window + "/" + maxWindow + (processed == 0 ? "" : " (+" + processed + " processed)");
    }
}
