package dev.duplex.server.internal;

import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HttpHeadParser;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.HttpRequestHead;
import dev.duplex.engine.handshake.OpeningRequest;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.engine.handshake.ServerHandshake;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.transport.internal.Connection;
import dev.duplex.transport.internal.EventLoop;
import dev.duplex.transport.internal.UpgradeHandler;

import java.nio.ByteBuffer;

/**
 * The server side of one connection's opening handshake (RFC 6455 section 4.2): reads the request head,
 * routes it by path, validates it, applies the origin policy and the route's hook, then answers 101 and
 * upgrades, or answers an error and closes. Extensions are negotiated last (section 9.1), once the handshake
 * is accepted. Bytes after the head in the same read are the first frames:
 * the connection passes them to the engine.
 * <p>The protocol version is detected from the head ({@link ServerHandshake#validate(HttpRequestHead, java.util.Set)})
 * among those the server enables. A hixie-76 request has an 8-byte body: it is read before the request goes on to
 * the origin policy and the route's hook, and the answer ends with the 16-byte response to its challenge.
 */
final class ServerUpgrade implements UpgradeHandler {
    private static final System.Logger LOG = ServerRuntime.LOG;

    private static final byte[] PREFACE_START = {'P', 'R', 'I', ' '};

    private final ServerRuntime server;
    private HttpHeadParser parser;
    /** Up to 3 first bytes that begin the HTTP/2 preface, waiting for the next read to tell. */
    private ByteBuffer early;
    // A hixie-76 request waiting for its body.
    private OpeningRequest pending;
    private WebSocketHandler pendingHandler;
    private ByteBuffer body;

    ServerUpgrade(ServerRuntime server) {
        this.server = server;
        this.parser = HttpHeadParser.forRequests(server.config().headLimits());
    }

    @Override
    public void onConnected(Connection connection) {
    }

    @Override
    public void onRead(Connection connection, ByteBuffer in) {
        if (pending != null) {
            readBody(connection, in);
            return;
        }
        if (parser != null && parser.isFresh()) {
            if (early != null) {
                in = early.put(in).flip(); // the first bytes were too few to tell (see below)
                early = null;
            }
            switch (firstBytes(connection, in)) {
                case HTTP2 -> {
                    parser = null;
                    ServerStreams.start(server, connection);
                    if (in.hasRemaining()) {
                        connection.protocol().receive(in);
                    }
                    return;
                }
                case UNDECIDED -> {
                    early = ByteBuffer.allocate(in.remaining() + EventLoop.READ_BUFFER_SIZE).put(in);
                    return;
                }
                case HTTP1 -> {
                    // Joined early bytes began "P": not a GET, so never an upgrade whose frames could follow.
                }
            }
        }
        HttpRequestHead head;
        try {
            if (!parser.parse(in)) {
                return;
            }
            head = parser.request();
        } catch (HandshakeException e) {
            refuse(connection, e);
            return;
        }
        parser = null;
        try {
            answer(connection, head, in);
        } catch (HandshakeException e) {
            refuse(connection, e);
        }
    }

    private enum FirstBytes { HTTP1, HTTP2, UNDECIDED }

    /**
     * Whether the connection speaks HTTP/2 from its first byte: TLS chose {@code h2} by ALPN (RFC 9113 section
     * 3.2), or a cleartext client starts with the connection preface, which begins {@code "PRI "} where no
     * HTTP/1.1 request can (prior knowledge, section 3.3). Fewer than 4 bytes that begin {@code "PRI "} cannot
     * tell yet: they wait for the next read. Only when the server enables HTTP/2.
     */
    private FirstBytes firstBytes(Connection connection, ByteBuffer in) {
        if (server.config().http2() == null) {
            return FirstBytes.HTTP1;
        }
        if ("h2".equals(connection.applicationProtocol())) {
            return FirstBytes.HTTP2;
        }
        if (connection.isTls()) {
            return FirstBytes.HTTP1;
        }
        int n = Math.min(in.remaining(), PREFACE_START.length);
        for (int i = 0; i < n; i++) {
            if (in.get(in.position() + i) != PREFACE_START[i]) {
                return FirstBytes.HTTP1;
            }
        }
        return n == PREFACE_START.length ? FirstBytes.HTTP2 : FirstBytes.UNDECIDED;
    }

    /** hixie-76: the 8 bytes after the head ({@code key_3}), possibly over several reads. */
    private void readBody(Connection connection, ByteBuffer in) {
        int n = Math.min(in.remaining(), body.remaining());
        body.put(body.position(), in, in.position(), n);
        body.position(body.position() + n);
        in.position(in.position() + n);
        if (body.hasRemaining()) {
            return;
        }
        OpeningRequest offer = pending;
        WebSocketHandler handler = pendingHandler;
        pending = null;
        pendingHandler = null;
        try {
            accept(connection, offer, handler, body.flip());
        } catch (HandshakeException e) {
            refuse(connection, e);
        }
    }

    private void answer(Connection connection, HttpRequestHead head, ByteBuffer in) throws HandshakeException {
        String path = pathOf(head.target());
        WebSocketHandler handler = server.route(path);
        if (!head.headers().containsToken("Upgrade", "websocket")) {
            answerPlainHttp(connection, head, path, handler);
            return;
        }
        if (handler == null) {
            throw new HandshakeException(404, "no WebSocket endpoint at this path");
        }
        OpeningRequest offer = ServerHandshake.validate(head, server.config().protocolVersions());
        int bodyLength = ProtocolVersion.of(offer).requestBodyLength();
        if (bodyLength > 0) {
            pending = offer;
            pendingHandler = handler;
            body = ByteBuffer.allocate(bodyLength);
            readBody(connection, in);
            return;
        }
        accept(connection, offer, handler, null);
    }

    /** The origin policy, the route's hook, then the 101 and the upgrade, in the form of the request's version. */
    private void accept(Connection connection, OpeningRequest offer, WebSocketHandler handler, ByteBuffer requestBody)
            throws HandshakeException {
        String path = offer.path();
        ProtocolVersion version = ProtocolVersion.of(offer);
        Admission.Admitted admitted = Admission.admit(server, offer, handler, connection.remoteAddress(),
                connection.isTls(), !version.usesHixieFraming());
        HandshakeDecision.Accept a = admitted.decision();
        ExtensionNegotiation.Agreed agreed = admitted.agreed();
        ByteBuffer response;
        try {
            response = ServerHandshake.accept(offer, a.subprotocol(), agreed.header(), a.headers(),
                    connection.isTls(), requestBody);
        } catch (IllegalArgumentException e) {
            agreed.extensions().forEach(Extension::close);
            LOG.log(System.Logger.Level.WARNING, "handshake hook of {0} made an invalid choice: {1}", path,
                    e.getMessage());
            throw new HandshakeException(500, "internal error");
        }
        connection.write(response);
        connection.upgrade(handler, a.subprotocol(), agreed.header(), a.attachment(), agreed.extensions(), version);
        if (version.isLegacy()) {
            LOG.log(System.Logger.Level.DEBUG, "{0} speaks {1} on {2}", connection.remoteAddress(), version, path);
        }
    }

    private void answerPlainHttp(Connection connection, HttpRequestHead head, String path, WebSocketHandler handler)
            throws HandshakeException {
        HttpResponses.Prepared resource = server.httpResource(path);
        if (resource == null) {
            throw handler != null ? HandshakeException.upgradeRequired("this resource is a WebSocket endpoint")
                    : new HandshakeException(404, "not found");
        }
        String method = head.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HandshakeException(405, "only GET and HEAD are allowed",
                    new HttpHeaders().add("Allow", "GET, HEAD"));
        }
        connection.write(resource.forMethod(method));
        connection.closeAfterFlush();
    }

    private void refuse(Connection connection, HandshakeException e) {
        LOG.log(System.Logger.Level.DEBUG, "refused the opening handshake of {0}: {1}", connection.remoteAddress(),
                e.getMessage());
        ByteBuffer response;
        try {
            response = ServerHandshake.reject(e);
        } catch (IllegalArgumentException invalid) {
            LOG.log(System.Logger.Level.WARNING, "invalid refusal {0}: {1}", e.getMessage(), invalid.getMessage());
            response = ServerHandshake.reject(new HandshakeException(500, "internal error"));
        }
        connection.write(response);
        connection.closeAfterFlush();
    }

    @Override
    public void onFailed(Connection connection, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "opening handshake of {0} failed: {1}",
                connection == null ? null : connection.remoteAddress(), cause.toString());
    }

    /** The path of a request-target in origin-form ({@code /a?b}) or absolute-form ({@code http://h/a?b}). */
    static String pathOf(String target) {
        String rest = target;
        if (!rest.startsWith("/")) {
            int scheme = rest.indexOf("://");
            if (scheme < 0) {
                return rest;
            }
            int start = scheme + 3;
            int end = start;
            while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
                end++;
            }
            rest = end < rest.length() && rest.charAt(end) == '/' ? rest.substring(end) : "/" + rest.substring(end);
        }
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    @Override
    public String toString() {
        return "ServerUpgrade[" + (pending != null ? "reading the hixie-76 body, " + body.position() + " of "
                + body.capacity() + " bytes" : String.valueOf(parser)) + "]";
    }
}
