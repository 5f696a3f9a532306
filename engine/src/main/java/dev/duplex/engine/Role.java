package dev.duplex.engine;

/** Which end of a WebSocket connection an engine plays (RFC 6455 section 1.3). */
public enum Role {
    /** Opens the handshake and masks every frame it sends (section 5.3). */
    CLIENT,
    /** Answers the handshake and never masks; refuses unmasked frames from clients (section 5.1). */
    SERVER;

    /** True when frames sent by this role must be masked. */
    public boolean masksOutgoing() {
        return this == CLIENT;
    }
}
