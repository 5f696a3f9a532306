package dev.duplex.http2;

/**
 * Which end of the connection this engine is (RFC 9113 section 3.4 and 5.1.1): a client sends the connection
 * preface and opens odd-numbered streams; a server checks the preface and answers on them.
 */
public enum Http2Role {
    CLIENT,
    SERVER;

    /** True when {@code streamId} is one this role opens (odd for clients, even for servers; RFC 9113 5.1.1). */
    boolean initiates(int streamId) {
        return ((streamId & 1) == 1) == (this == CLIENT);
    }
}
