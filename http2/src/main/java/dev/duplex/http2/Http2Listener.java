package dev.duplex.http2;

/**
 * Receives the events of one {@link Http2Connection}, in order, synchronously from the call that caused them
 * (mostly {@link Http2Connection#receive}). A listener may call the connection's sending methods; it must not
 * call {@link Http2Connection#receive} again from inside an event.
 */
@FunctionalInterface
public interface Http2Listener {
    void onEvent(Http2Event event);
}
