package dev.duplex.http2;

/**
 * The states of a stream (RFC 9113 section 5.1). The transitions are in {@link StreamTransitions}.
 * A server of this engine never pushes and a client refuses pushes, so the reserved states are never
 * entered; they are listed because the state machine of section 5.1 has them.
 */
public enum StreamState {
    IDLE,
    RESERVED_LOCAL,
    RESERVED_REMOTE,
    OPEN,
    HALF_CLOSED_LOCAL,
    HALF_CLOSED_REMOTE,
    CLOSED;

    /** True for the states counted against SETTINGS_MAX_CONCURRENT_STREAMS (section 5.1.2). */
    public boolean isActive() {
        return this == OPEN || this == HALF_CLOSED_LOCAL || this == HALF_CLOSED_REMOTE;
    }

    /** True when this end may still send DATA or HEADERS (sections 5.1, 6.1). */
    public boolean canSend() {
        return this == OPEN || this == HALF_CLOSED_REMOTE;
    }

    /** True when the peer may still send DATA or HEADERS (sections 5.1, 6.1). */
    public boolean canReceive() {
        return this == OPEN || this == HALF_CLOSED_LOCAL;
    }
}
