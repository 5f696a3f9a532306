package dev.duplex.transport.internal;

import dev.duplex.engine.Role;
import dev.duplex.transport.HttpVersion;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Where one WebSocket's bytes go and come from: its own TCP {@link Connection} (HTTP/1.1, RFC 6455), or one
 * stream of a shared HTTP/2 connection (RFC 8441). A {@link WebSocketSession} knows its carrier only through this
 * contract, so a third kind (a logical channel inside another WebSocket) is added by implementing it.
 *
 * <p>The carrier feeds the session what the peer sent ({@link WebSocketSession#receive}) and tells it how the
 * transport ends ({@link WebSocketSession#transportEnded}, {@link WebSocketSession#closeTimedOut},
 * {@link WebSocketSession#idleTimedOut}, {@link WebSocketSession#connectionClosed}); the session writes its frames
 * into {@link #output()} and calls the methods below. Everything runs on {@link #loop()}'s thread, except
 * {@link #remoteAddress()}, {@link #localAddress()} and {@link #loop()}, which any thread may call.
 */
public interface Carrier {

    EventLoop loop();

    Role role();

    ConnectionConfig config();

    /** Where the session's engine writes its frames. */
    OutputChain output();

    /** Completes {@code future} once everything written to {@link #output()} so far has been handed to the socket. */
    void track(CompletableFuture<?> future);

    /** The engine may have written to {@link #output()} on its own (a pong, a close reply): flush it soon. */
    void outputMayHaveGrown();

    /** Stop taking input from the peer: the output is over its limit (read backpressure). */
    void pauseReading();

    /** Take input again (also on the carrier's own once the session has closed). */
    void resumeReading();

    boolean readingPaused();

    /**
     * The read-backpressure rule, in one place for every carrier: stop reading while more than
     * {@link ConnectionConfig#maxBufferedBytes()} encoded bytes wait to be written ...
     */
    default void pauseIfOverLimit() {
        if (output().pending() > config().maxBufferedBytes() && !readingPaused()) {
            pauseReading();
        }
    }

    /** ... and read again once they drained to half of it ({@code pending} bytes still wait). */
    default void resumeIfDrained(long pending) {
        if (readingPaused() && pending <= config().maxBufferedBytes() / 2) {
            resumeReading();
        }
    }

    /** The session sent its close frame: the carrier ends the WebSocket at {@code deadline} if the peer has not. */
    void closeSent(long deadline);

    /** The session ends without a closing handshake: once it reports closed, end the carrier at once. */
    void endAbruptly();

    /** The engine reported {@code Closed}: finish the carrier (TCP: flush, FIN; HTTP/2: END_STREAM). */
    void sessionClosed();

    /** Drop the carrier now (the listener hears 1006). */
    void abort(Throwable cause);

    /** An unexpected exception (a bug) while handling the session: log it and drop the carrier. */
    void internalFailure(RuntimeException e);

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** Whether the bytes travel in TLS. */
    boolean isSecure();

    HttpVersion httpVersion();

    /** For logs: {@code "HTTP/1.1"} or {@code "HTTP/2 stream 3 of connection 7"}, with {@code " over TLS"}. */
    String describe();
}
