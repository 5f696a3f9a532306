package dev.duplex.browser;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.ProtocolException;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.transport.SendBufferOverflowException;
import dev.duplex.transport.WebSocketListener;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket client with the interface browsers give pages: the {@code WebSocket} interface of the WHATWG
 * WebSockets Standard (https://websockets.spec.whatwg.org/, cited below by section anchor), running on
 * Duplex's {@link dev.duplex.client.WebSocketClient}, whose TLS and limits it inherits.
 * <pre>{@code
 * WebSocket ws = new WebSocket("wss://example.com/chat", "chat.v2", "chat.v1");
 * ws.setOnOpen(e -> ws.send("hello"));
 * ws.setOnMessage(e -> System.out.println(e.data()));
 * ws.setOnClose(e -> System.out.println("closed " + e.code() + " " + e.reason() + " clean=" + e.wasClean()));
 * }</pre>
 * <h2>Threads</h2>
 * Every method may be called from any thread. Events are queued as the standard's tasks and run on the
 * environment's executor, one at a time per socket and in order, never on Duplex's event-loop threads: a
 * listener may block (it delays this socket's later events only). As in a browser, {@code readyState},
 * {@code protocol} and {@code extensions} change in those tasks, just before the event that announces the
 * change, except that {@link #close} moves to {@link #CLOSING} at once. When the server starts the closing
 * handshake, {@code readyState} is {@link #CLOSING} from the task queued when its close frame arrives until the
 * close event.
 * <p>As a page's script does, add listeners right after the constructor: no task runs before the thread
 * that created the socket yields (blocks, waits, ends, or finishes the event listener it is running), or
 * 250 ms have passed, so no event is missed.
 * <h2>Differences from a browser</h2>
 * No cookies, proxies, HSTS, mixed-content or CSP checks; no {@code Origin} unless the
 * {@link WebSocketEnvironment} has one. The extensions offered are those of the environment's client (the
 * default one offers permessage-deflate, as browsers do).
 * <h2>HTTP/2</h2>
 * Like Chromium, a {@code wss://} WebSocket runs as a stream of an HTTP/2 connection (RFC 8441) when the server
 * chooses {@code h2} by ALPN and allows extended CONNECT; every such WebSocket to the same origin then shares
 * that one connection (of the environment's client). Otherwise, and always for {@code ws://}, each WebSocket has
 * its own HTTP/1.1 connection. Nothing else changes: the same events, attributes and close codes.
 */
public final class WebSocket {
    /** The connection has not yet been established. */
    public static final int CONNECTING = 0;
    /** The connection is established and communication is possible. */
    public static final int OPEN = 1;
    /** The connection is going through the closing handshake, or {@code close()} was called. */
    public static final int CLOSING = 2;
    /** The connection has been closed or could not be opened. */
    public static final int CLOSED = 3;

    private static final System.Logger LOG = System.getLogger(WebSocket.class.getName());
    private static final int ABNORMAL = CloseCodes.ABNORMAL;

    private final UrlRecord url;
    private final List<String> protocols;
    private final WebSocketEnvironment environment;
    private final SerialExecutor tasks;
    private final Listeners listeners = new Listeners();
    private final AtomicLong bufferedAmount = new AtomicLong();
    private final Object lock = new Object();

    private volatile int readyState = CONNECTING;
    private volatile String protocol = "";
    private volatile String extensions = "";
    private volatile BinaryType binaryType = BinaryType.BLOB;

    // Guarded by lock: the protocol-side state (RFC 6455), apart from what scripts see.
    private CompletableFuture<dev.duplex.transport.WebSocket> connecting;
    private dev.duplex.transport.WebSocket connection;
    private boolean closingHandshakeStarted;
    private boolean failed;
    private boolean flaggedAsFull;
    private Throwable failure;
    private boolean closeQueued;

    /**
     * {@code new WebSocket(url, protocols)} with the default {@link WebSocketEnvironment}.
     *
     * @see #WebSocket(String, List, WebSocketEnvironment)
     */
    public WebSocket(String url, String... protocols) {
        this(url, List.of(protocols), WebSocketEnvironment.defaults());
    }

    /**
     * Creates the socket and starts establishing the connection in the background: the constructor steps of
     * {@code #dom-websocket-websocket} with "get a URL record".
     * <ol>
     * <li>{@code url} is parsed by the URL Standard's parser against the environment's base URL; {@code http}
     * becomes {@code ws} and {@code https} becomes {@code wss}; any other scheme, a parse failure (a relative
     * URL without base URL, a bad host or port) or a fragment (even an empty one) is a {@code SyntaxError}.
     * <li>Each protocol must be a token (RFC 6455 section 4.1 item 10, RFC 2616 section 2.2: non-empty,
     * printable ASCII without separators) and appear once (compared case-sensitively), else {@code SyntaxError}.
     * </ol>
     * Everything that goes wrong afterwards (refused port, unknown host, refused handshake, a server that
     * selects no protocol although some were offered) fails the connection: an {@code error} event, then a
     * {@code close} event with code 1006.
     *
     * @param protocols the subprotocols to offer, most preferred first; may be empty
     * @throws DOMException {@code SyntaxError} for a bad URL or protocol
     */
    public WebSocket(String url, List<String> protocols, WebSocketEnvironment environment) {
        Objects.requireNonNull(url, "url");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.url = urlRecord(url, environment.baseRecord());
        this.protocols = checkProtocols(protocols);
        this.tasks = new SerialExecutor(environment.eventExecutor());
        establish();
    }

    /** "Get a URL record" (#dom-websocket-websocket). */
    private static UrlRecord urlRecord(String url, UrlRecord base) {
        UrlRecord record;
        try {
            record = UrlParser.parse(url, base);
        } catch (UrlParser.UnsupportedScheme e) {
            throw DOMException.syntaxError("The URL's scheme must be 'ws', 'wss', 'http' or 'https'. '" + e.scheme
                    + "' is not allowed.");
        } catch (UrlParser.Failure e) {
            throw DOMException.syntaxError("The URL '" + url + "' is invalid: " + e.getMessage() + ".");
        }
        if (record.scheme().equals("http")) {
            record = record.withScheme("ws");
        } else if (record.scheme().equals("https")) {
            record = record.withScheme("wss");
        }
        if (!record.scheme().equals("ws") && !record.scheme().equals("wss")) {
            throw DOMException.syntaxError("The URL's scheme must be 'ws', 'wss', 'http' or 'https'. '"
                    + record.scheme() + "' is not allowed.");
        }
        if (record.fragment() != null) {
            throw DOMException.syntaxError("The URL contains a fragment identifier ('#" + record.fragment()
                    + "'). Fragment identifiers are not allowed in WebSocket URLs.");
        }
        return record;
    }

    private static List<String> checkProtocols(List<String> protocols) {
        Objects.requireNonNull(protocols, "protocols");
        Set<String> seen = new HashSet<>();
        for (String p : protocols) {
            Objects.requireNonNull(p, "protocol");
            if (!isToken(p)) {
                throw DOMException.syntaxError("The subprotocol '" + p + "' is invalid: a subprotocol is a "
                        + "non-empty token of printable ASCII without separators.");
            }
            if (!seen.add(p)) {
                throw DOMException.syntaxError("The subprotocol '" + p + "' is duplicated.");
            }
        }
        return List.copyOf(protocols);
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    // ---- establishing (#concept-websocket-establish) ----------------------------------------------------

    private void establish() {
        if (Fetch.isBadPort(url.effectivePort())) {
            failConnection(new java.net.ConnectException("port " + url.effectivePort()
                    + " is blocked (Fetch Standard, bad port)"));
            return;
        }
        CompletableFuture<dev.duplex.transport.WebSocket> future;
        try {
            URI target = url.toUri();
            HttpHeaders headers = environment.headers();
            if (environment.origin() != null) {
                headers.add("Origin", environment.origin());
            }
            // As Chromium does: a wss:// WebSocket becomes a stream of the origin's HTTP/2 connection when the
            // server chooses h2 by ALPN and allows extended CONNECT (RFC 8441 section 3), else HTTP/1.1.
            future = environment.client().connect(target, new ConnectOptions(protocols, headers,
                    ProtocolVersion.RFC_6455, null, Http2Policy.IF_OFFERED), new Adapter());
        } catch (RuntimeException e) {
            failConnection(e);
            return;
        }
        synchronized (lock) {
            connecting = future;
        }
        future.whenComplete((ws, error) -> {
            if (error != null) {
                failConnection(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
            }
        });
    }

    /** Receives the connection's events on its event-loop thread and queues the standard's tasks. */
    private final class Adapter implements WebSocketListener {
        @Override
        public void onOpen(dev.duplex.transport.WebSocket ws) {
            synchronized (lock) {
                if (closeQueued) {
                    ws.abort();
                    return;
                }
                connection = ws;
                if (!protocols.isEmpty() && ws.subprotocol().isEmpty()) {
                    // #concept-websocket-establish: offered protocols but none was selected.
                    failConnection(new ProtocolMismatch("the server selected none of the offered subprotocols "
                            + protocols));
                    return;
                }
            }
            tasks.execute(() -> established(ws.subprotocol(), ws.extensions()));
        }

        @Override
        public void onText(dev.duplex.transport.WebSocket ws, String text) {
            tasks.execute(() -> messageReceived(text));
        }

        @Override
        public void onBinary(dev.duplex.transport.WebSocket ws, ByteBuffer data) {
            tasks.execute(() -> messageReceived(data));
        }

        @Override
        public void onError(dev.duplex.transport.WebSocket ws, Throwable error) {
            synchronized (lock) {
                if (error instanceof ProtocolException) {
                    // RFC 6455 section 7.1.7: the server broke the protocol, so this end failed the connection.
                    failed = true;
                }
                if (failure == null) {
                    failure = error;
                }
            }
        }

        @Override
        public void onCloseReceived(dev.duplex.transport.WebSocket ws, int code, String reason) {
            // "When the WebSocket closing handshake is started, ... queue a task to change the readyState
            // attribute's value to CLOSING" (#feedback-from-the-protocol).
            tasks.execute(() -> {
                synchronized (lock) {
                    if (readyState == OPEN) {
                        readyState = CLOSING;
                    }
                }
            });
        }

        @Override
        public void onClose(dev.duplex.transport.WebSocket ws, int code, String reason, boolean clean) {
            connectionClosed(code, reason, clean);
        }
    }

    /** A server that answered the handshake without any of the offered subprotocols. */
    private static final class ProtocolMismatch extends java.io.IOException {
        ProtocolMismatch(String message) {
            super(message);
        }
    }

    /**
     * "Fail the WebSocket connection" (RFC 6455 section 7.1.7) before or right after it was established: the
     * TCP connection is dropped and the close task reports an error and code 1006.
     */
    private void failConnection(Throwable cause) {
        dev.duplex.transport.WebSocket ws;
        CompletableFuture<dev.duplex.transport.WebSocket> pending;
        synchronized (lock) {
            if (closeQueued) {
                return;
            }
            failed = true;
            if (failure == null) {
                failure = cause;
            }
            ws = connection;
            pending = connecting;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: connection failed: {1}", url, String.valueOf(cause));
        connectionClosed(ABNORMAL, "", false);
        if (ws != null) {
            ws.abort();
        } else if (pending != null) {
            pending.cancel(false); // the client drops the connection at its next step
        }
    }

    /** "The WebSocket connection is closed" (RFC 6455 section 7.1.4): queues the close task once. */
    private void connectionClosed(int code, String reason, boolean clean) {
        boolean error;
        Throwable cause;
        synchronized (lock) {
            if (closeQueued) {
                return;
            }
            closeQueued = true;
            error = failed || flaggedAsFull;
            cause = failure;
        }
        // Section 7.1.5: without a close frame from the server (every failure included) the code is 1006,
        // and the reason empty (section 7.1.6).
        int eventCode = error || code == ABNORMAL ? ABNORMAL : code;
        String eventReason = eventCode == ABNORMAL ? "" : reason == null ? "" : reason;
        boolean wasClean = !error && clean;
        tasks.execute(() -> closed(error, cause, wasClean, eventCode, eventReason));
    }

    // ---- tasks (#feedback-from-the-protocol) ------------------------------------------------------------

    private void established(String subprotocol, String extensionsInUse) {
        synchronized (lock) {
            if (readyState != CONNECTING) {
                return;
            }
            readyState = OPEN;
            extensions = extensionsInUse;
            protocol = subprotocol;
        }
        listeners.dispatch(EventType.OPEN, new OpenEvent(this));
    }

    private void messageReceived(Object message) {
        if (readyState != OPEN) {
            return;
        }
        Object data = message;
        if (message instanceof ByteBuffer bytes) {
            data = binaryType == BinaryType.ARRAYBUFFER ? bytes.slice() : Blob.wrap(toArray(bytes));
        }
        listeners.dispatch(EventType.MESSAGE, new MessageEvent(this, data, url.origin()));
    }

    private static byte[] toArray(ByteBuffer bytes) {
        if (bytes.hasArray() && bytes.arrayOffset() == 0 && bytes.position() == 0
                && bytes.remaining() == bytes.array().length) {
            return bytes.array();
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return copy;
    }

    private void closed(boolean error, Throwable cause, boolean wasClean, int code, String reason) {
        readyState = CLOSED;
        if (error) {
            listeners.dispatch(EventType.ERROR, new ErrorEvent(this, cause));
        }
        listeners.dispatch(EventType.CLOSE, new CloseEvent(this, wasClean, code, reason));
    }

    // ---- attributes ---------------------------------------------------------------------------------------

    /** The URL, serialized ({@code #dom-websocket-url}): for example {@code ws://example.com/chat}. */
    public String url() {
        return url.serialize();
    }

    /** {@link #CONNECTING}, {@link #OPEN}, {@link #CLOSING} or {@link #CLOSED} ({@code #dom-websocket-readystate}). */
    public int readyState() {
        return readyState;
    }

    /**
     * The bytes of application data (UTF-8 of text, binary data) accepted by {@code send} and not yet handed to
     * the network ({@code #dom-websocket-bufferedamount}); framing is not counted. Data sent while
     * {@link #CLOSING} or {@link #CLOSED} is never sent but still counted: the value then only grows.
     */
    public long bufferedAmount() {
        return bufferedAmount.get();
    }

    /** The extensions the server selected ({@code Sec-WebSocket-Extensions}), or the empty string. */
    public String extensions() {
        return extensions;
    }

    /** The subprotocol the server selected, or the empty string ({@code #dom-websocket-protocol}). */
    public String protocol() {
        return protocol;
    }

    /** How binary messages are delivered; {@link BinaryType#BLOB} at first ({@code #dom-websocket-binarytype}). */
    public BinaryType binaryType() {
        return binaryType;
    }

    /** Changes how binary messages are delivered, including messages received but whose event has not run yet. */
    public void setBinaryType(BinaryType type) {
        this.binaryType = Objects.requireNonNull(type, "type");
    }

    // ---- send (#dom-websocket-send) ---------------------------------------------------------------------

    /**
     * Sends a text message: {@code data} as UTF-8, lone surrogates replaced by U+FFFD as for a
     * {@code USVString}. Increases {@link #bufferedAmount} by that many bytes, even when closing or closed
     * (the message is then not sent).
     *
     * @throws DOMException {@code InvalidStateError} while {@link #CONNECTING}
     */
    public void send(String data) {
        Objects.requireNonNull(data, "data");
        String text = Strings.toUsv(data);
        transmit(text, utf8Length(text));
    }

    /**
     * Sends a binary message of the buffer's remaining bytes (copied now; the buffer's position does not
     * change), like {@code send(ArrayBuffer)} or {@code send(ArrayBufferView)}.
     *
     * @throws DOMException {@code InvalidStateError} while {@link #CONNECTING}
     */
    public void send(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        checkNotConnecting();
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        transmit(copy, copy.remaining());
    }

    /**
     * Sends a binary message of a copy of {@code data}.
     *
     * @throws DOMException {@code InvalidStateError} while {@link #CONNECTING}
     */
    public void send(byte[] data) {
        Objects.requireNonNull(data, "data");
        checkNotConnecting();
        transmit(ByteBuffer.wrap(data.clone()), data.length);
    }

    /**
     * Sends a binary message of the blob's bytes, like {@code send(Blob)}.
     *
     * @throws DOMException {@code InvalidStateError} while {@link #CONNECTING}
     */
    public void send(Blob data) {
        Objects.requireNonNull(data, "data");
        transmit(data.asReadOnlyBuffer(), data.size());
    }

    private void checkNotConnecting() {
        if (readyState == CONNECTING) {
            throw DOMException.invalidState("Still in CONNECTING state.");
        }
    }

    private void transmit(Object data, long size) {
        CompletableFuture<Void> sent;
        synchronized (lock) {
            checkNotConnecting();
            bufferedAmount.addAndGet(size);
            if (readyState != OPEN || closingHandshakeStarted || connection == null) {
                return;
            }
            sent = data instanceof String s ? connection.sendText(s) : connection.sendBinary((ByteBuffer) data);
        }
        sent.whenComplete((ok, error) -> {
            if (error == null) {
                bufferedAmount.addAndGet(-size);
            } else if (error instanceof SendBufferOverflowException) {
                flagAsFull(error);
            }
        });
    }

    /** The data cannot be buffered: flag the socket as full and close the connection (drop it). */
    private void flagAsFull(Throwable error) {
        dev.duplex.transport.WebSocket ws;
        synchronized (lock) {
            flaggedAsFull = true;
            if (failure == null) {
                failure = error;
            }
            ws = connection;
        }
        ws.abort();
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    // ---- close (#dom-websocket-close) -------------------------------------------------------------------

    /** Closes with a close frame without a body: the server sees no status code (1005). */
    public void close() {
        close(null, null);
    }

    /** Closes with {@code code} and no reason; see {@link #close(Integer, String)}. */
    public void close(int code) {
        close(Integer.valueOf(code), null);
    }

    /**
     * Closes the connection, or gives up connecting ({@code #dom-websocket-close}).
     * <ol>
     * <li>A code other than 1000 or 3000-4999 is an {@code InvalidAccessError}; a reason longer than 123 bytes
     * of UTF-8 is a {@code SyntaxError}.
     * <li>When already {@link #CLOSING} or {@link #CLOSED}: nothing.
     * <li>While the connection is not yet established: fails it (an {@code error} event, then {@code close}
     * with 1006) and moves to {@link #CLOSING}. As in Chromium, "not yet established" is judged by
     * {@code readyState}: until the open event's task has run, the connection is dropped even if its handshake
     * has just completed, so that the outcome does not depend on network timing.
     * <li>Otherwise starts the closing handshake (RFC 6455 section 7.1.2), unless the server started it, and
     * moves to {@link #CLOSING}: the close frame carries {@code code} and {@code reason}, code 1000 when
     * only a reason is given, and no body at all when neither is. Messages sent before are sent first.
     * </ol>
     *
     * @param code   1000 or 3000-4999, or null for none
     * @param reason at most 123 bytes of UTF-8 (lone surrogates count as U+FFFD), or null for none
     * @throws DOMException {@code InvalidAccessError} or {@code SyntaxError} as above
     */
    public void close(Integer code, String reason) {
        if (code != null && code != 1000 && (code < 3000 || code > 4999)) {
            throw DOMException.invalidAccess("The close code must be either 1000, or between 3000 and 4999. "
                    + code + " is neither.");
        }
        String why = reason == null ? null : Strings.toUsv(reason);
        if (why != null && utf8Length(why) > 123) {
            throw DOMException.syntaxError("The close reason must not be greater than 123 UTF-8 bytes; it has "
                    + utf8Length(why) + ".");
        }
        dev.duplex.transport.WebSocket ws;
        synchronized (lock) {
            if (readyState == CLOSING || readyState == CLOSED) {
                return;
            }
            boolean connecting = readyState == CONNECTING;
            readyState = CLOSING;
            if (connecting) {
                ws = null;
            } else if (!closingHandshakeStarted) {
                closingHandshakeStarted = true;
                ws = connection;
            } else {
                return;
            }
        }
        if (ws == null) {
            failConnection(null);
        } else if (code == null && why == null) {
            ws.close(CloseCodes.NO_STATUS, ""); // a close frame without a body
        } else {
            ws.close(code == null ? CloseCodes.NORMAL : code, why == null ? "" : why);
        }
    }

    // ---- events (EventTarget and event handlers, #the-websocket-interface) --------------------------------

    /**
     * Adds a listener for events of {@code type}, after those already added; adding the same listener again
     * for the same type has no effect ({@code addEventListener}).
     */
    public <E extends Event> void addEventListener(EventType<E> type, EventListener<? super E> listener) {
        listeners.add(Objects.requireNonNull(type, "type"), Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addEventListener} ({@code removeEventListener}). */
    public <E extends Event> void removeEventListener(EventType<E> type, EventListener<? super E> listener) {
        listeners.remove(Objects.requireNonNull(type, "type"), Objects.requireNonNull(listener, "listener"));
    }

    /** The {@code onopen} event handler, or null. */
    public EventListener<OpenEvent> onOpen() {
        return listeners.handler(EventType.OPEN);
    }

    /** Sets the {@code onopen} event handler; null removes it. */
    public void setOnOpen(EventListener<OpenEvent> handler) {
        listeners.setHandler(EventType.OPEN, handler);
    }

    /** The {@code onmessage} event handler, or null. */
    public EventListener<MessageEvent> onMessage() {
        return listeners.handler(EventType.MESSAGE);
    }

    /** Sets the {@code onmessage} event handler; null removes it. */
    public void setOnMessage(EventListener<MessageEvent> handler) {
        listeners.setHandler(EventType.MESSAGE, handler);
    }

    /** The {@code onerror} event handler, or null. */
    public EventListener<ErrorEvent> onError() {
        return listeners.handler(EventType.ERROR);
    }

    /** Sets the {@code onerror} event handler; null removes it. */
    public void setOnError(EventListener<ErrorEvent> handler) {
        listeners.setHandler(EventType.ERROR, handler);
    }

    /** The {@code onclose} event handler, or null. */
    public EventListener<CloseEvent> onClose() {
        return listeners.handler(EventType.CLOSE);
    }

    /** Sets the {@code onclose} event handler; null removes it. */
    public void setOnClose(EventListener<CloseEvent> handler) {
        listeners.setHandler(EventType.CLOSE, handler);
    }

    @Override
    public String toString() {
        String[] states = {"CONNECTING", "OPEN", "CLOSING", "CLOSED"};
        return "WebSocket[" + url() + ", " + states[readyState] + (protocol.isEmpty() ? "" : ", protocol=" + protocol)
                + (extensions.isEmpty() ? "" : ", extensions=" + extensions) + ", bufferedAmount="
                + bufferedAmount.get() + "]";
    }
}
