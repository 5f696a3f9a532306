package dev.duplex.engine;

import java.nio.ByteBuffer;
import java.util.function.IntSupplier;

/**
 * The protocol engine of one WebSocket connection after its opening handshake (RFC 6455 sections 5-7).
 * <p>Feed it the bytes read from the peer with {@link #receive(ByteBuffer)}; it reports {@link Event}s to
 * its listener and writes the frames to send (its own pongs and close replies too) into its
 * {@link OutputBuffer}. It has no sockets, threads or clocks: the transport calls
 * {@link #transportClosed()} when the connection drops and {@link #closeTimedOut()} when the close
 * handshake took too long. It is not thread-safe: the transport calls it from one thread at a time.
 */
public final class WebSocketEngine {

    /** The close handshake as a state machine (section 7). */
    public enum State {
        /** Messages flow both ways. */
        OPEN,
        /** This end sent a close frame and waits for the peer's (section 7.1.2). */
        CLOSE_SENT,
        /** Both close frames were exchanged, or the connection failed: the transport should close. */
        CLOSED
    }

    public WebSocketEngine(Role role, EngineConfig config, IntSupplier maskKeys, OutputBuffer output,
                           EventListener listener) {
        throw new UnsupportedOperationException("being written");
    }

    public void receive(ByteBuffer in) { throw new UnsupportedOperationException(); }
    public void sendText(CharSequence text) { throw new UnsupportedOperationException(); }
    public void sendBinary(ByteBuffer data) { throw new UnsupportedOperationException(); }
    public void sendFragment(boolean text, ByteBuffer data, boolean last) { throw new UnsupportedOperationException(); }
    public void sendPing(ByteBuffer payload) { throw new UnsupportedOperationException(); }
    public void sendPong(ByteBuffer payload) { throw new UnsupportedOperationException(); }
    public void close(int code, String reason) { throw new UnsupportedOperationException(); }
    public void transportClosed() { throw new UnsupportedOperationException(); }
    public void closeTimedOut() { throw new UnsupportedOperationException(); }
    public State state() { throw new UnsupportedOperationException(); }
    public Role role() { throw new UnsupportedOperationException(); }
}
