/**
 * HTTP/2 (RFC 9113) as a pure protocol engine: frames, the connection and stream state machines, SETTINGS,
 * flow control, and the extended CONNECT of RFC 8441. Bytes in, events out; no sockets, threads or clocks.
 *
 * <h2>Use</h2>
 * Create an {@link dev.duplex.http2.Http2Connection} with a {@link dev.duplex.http2.Http2Role}, an
 * {@link dev.duplex.http2.Http2Config}, an {@link dev.duplex.http2.Http2Output} the transport owns and an
 * {@link dev.duplex.http2.Http2Listener}; call {@code start()}, then {@code receive(bytes)} for everything read.
 * {@link dev.duplex.http2.Http2Event}s arrive synchronously; every frame to send, automatic answers included, is
 * written to the output. A client opens streams with {@code openStream}; both sides answer with
 * {@code sendHeaders}/{@code sendData}, return flow-control credit with {@code consumed}, and stop with
 * {@code resetStream}/{@code goAway}.
 *
 * <h2>Layers</h2>
 * {@code FrameReader} (resumable, size checked from the header) and {@code FrameDecoder} (one method per frame
 * type) turn bytes into {@code Frame} records; {@code HeaderBlockAssembler} joins HEADERS and CONTINUATION;
 * {@code StreamTransitions} is the section 5.1 state machine as a table; {@code StreamRegistry} holds stream
 * identifiers, counts and how recently closed streams ended; {@code WindowManager}/{@code SendWindow} do flow
 * control; {@code LocalSettings} tracks our SETTINGS until acknowledged; {@code HeaderValidation} holds the
 * message rules of section 8; {@code FloodGuard} the flood budgets; {@code FrameWriter} writes frames.
 *
 * <h2>Choices</h2>
 * <ul>
 * <li>Peer errors: a connection error writes GOAWAY(last processed peer stream, code), reports every active
 * stream reset and closed, then {@code ConnectionFailed}; input is ignored afterwards. A stream error writes
 * RST_STREAM and reports {@code StreamReset(local=true)} and {@code StreamClosed} when the stream was active.</li>
 * <li>A request whose header list exceeds {@code maxHeaderListSize} is answered by a server with 431 (and
 * RST_STREAM(NO_ERROR) if the request is still open) and reported only as {@code StreamClosed}; a client resets
 * such a response with CANCEL.</li>
 * <li>Our concurrency, frame size and header list limits apply from the first frame; the initial stream window
 * and the HPACK table size we advertise apply once the peer acknowledges them (section 6.5.3).</li>
 * <li>Frames on closed streams (section 5.1): after our RST_STREAM they are ignored (DATA still credited to the
 * connection window at once, field blocks still decoded); after the peer's RST_STREAM, DATA or HEADERS are a
 * stream error STREAM_CLOSED; after END_STREAM both ways a connection error STREAM_CLOSED; a forgotten stream
 * (beyond a bounded memory) gets a stream error STREAM_CLOSED, or PROTOCOL_ERROR for HEADERS reusing an old
 * peer identifier.</li>
 * <li>A peer GOAWAY with NO_ERROR refuses our streams above its last-stream-id (REFUSED_STREAM) and lets the
 * others finish; with an error code it ends the connection ({@code ConnectionFailed(local=false)}).</li>
 * <li>Server push is not supported: a client advertises ENABLE_PUSH=0 and treats PUSH_PROMISE as a connection
 * error; a server never pushes.</li>
 * </ul>
 */
package dev.duplex.http2;
