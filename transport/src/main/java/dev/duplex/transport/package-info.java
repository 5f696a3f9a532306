/**
 * The API shared by the Duplex server and client: {@link dev.duplex.transport.WebSocket} (one connection:
 * sends, close, state), {@link dev.duplex.transport.WebSocketListener} (its callbacks),
 * {@link dev.duplex.transport.MessageWriter} (messages sent in pieces) and
 * {@link dev.duplex.transport.EventLoopGroup} (threads that can be shared).
 * <p>Threads: each connection lives on one event-loop thread, which runs its callbacks one at a time; sends
 * work from any thread. Backpressure: {@link dev.duplex.transport.WebSocket#bufferedAmount()}, send futures,
 * and a per-connection limit applied by {@link dev.duplex.transport.OverflowPolicy}.
 */
package dev.duplex.transport;
