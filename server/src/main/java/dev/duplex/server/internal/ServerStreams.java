package dev.duplex.server.internal;

import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.handshake.ExtendedConnect;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.OpeningRequest;
import dev.duplex.engine.handshake.Rfc8441Handshake;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HttpResource;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.transport.internal.Connection;
import dev.duplex.transport.internal.http2.Http2Transport;
import dev.duplex.transport.internal.http2.StreamHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server's side of an HTTP/2 connection: each request stream is an extended CONNECT for a WebSocket route
 * (RFC 8441 section 4; validated by {@link Rfc8441Handshake}, then the same {@link Admission} as over HTTP/1.1,
 * answered 200 and carried on by the stream), a GET or HEAD of a page route, or refused with a status.
 */
final class ServerStreams implements StreamHandler {
    private static final System.Logger LOG = ServerRuntime.LOG;

    private final ServerRuntime server;

    private ServerStreams(ServerRuntime server) {
        this.server = server;
    }

    /** Switches {@code connection} (TLS with ALPN h2, or a cleartext preface) to HTTP/2. */
    static void start(ServerRuntime server, Connection connection) {
        Http2Transport transport = new Http2Transport(connection, server.config().http2(), new ServerStreams(server));
        connection.switchTo(transport);
        transport.start();
        LOG.log(System.Logger.Level.DEBUG, "{0} speaks HTTP/2 ({1}), connection {2}", connection.remoteAddress(),
                connection.isTls() ? "ALPN h2" : "prior knowledge", transport.id());
    }

    @Override
    public void onRequest(Http2Transport transport, int streamId, List<HeaderField> fields, boolean endStream) {
        String method = null;
        String protocol = null;
        String scheme = null;
        String path = null;
        String authority = null;
        HttpHeaders headers = new HttpHeaders();
        for (HeaderField f : fields) {
            switch (f.name()) {
                case ":method" -> method = f.value();
                case ":protocol" -> protocol = f.value();
                case ":scheme" -> scheme = f.value();
                case ":path" -> path = f.value();
                case ":authority" -> authority = f.value();
                default -> headers.add(f.name(), f.value());
            }
        }
        String routePath = path == null ? "" : ServerUpgrade.pathOf(path);
        try {
            if ("CONNECT".equals(method)) {
                webSocket(transport, streamId, new ExtendedConnect(method, protocol, scheme, path, authority, headers),
                        routePath);
            } else {
                page(transport, streamId, method, routePath);
            }
        } catch (HandshakeException e) {
            refuse(transport, streamId, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "failure while answering HTTP/2 stream " + streamId, e);
            refuse(transport, streamId, new HandshakeException(500, "internal error"));
        }
    }

    private void webSocket(Http2Transport transport, int streamId, ExtendedConnect request, String routePath)
            throws HandshakeException {
        WebSocketHandler handler = server.route(routePath);
        if (handler == null && request.protocol() != null) {
            throw new HandshakeException(404, "no WebSocket endpoint at this path");
        }
        OpeningRequest offer = Rfc8441Handshake.validate(request);
        Connection connection = transport.connection();
        Admission.Admitted admitted = Admission.admit(server, offer, handler, connection.remoteAddress(),
                connection.isTls(), true);
        HandshakeDecision.Accept a = admitted.decision();
        ExtensionNegotiation.Agreed agreed = admitted.agreed();
        HttpHeaders answer;
        try {
            answer = Rfc8441Handshake.accept(offer, a.subprotocol(), agreed.header(), a.headers());
        } catch (IllegalArgumentException e) {
            agreed.extensions().forEach(Extension::close);
            LOG.log(System.Logger.Level.WARNING, "handshake hook of {0} made an invalid choice: {1}", routePath,
                    e.getMessage());
            throw new HandshakeException(500, "internal error");
        }
        List<HeaderField> response = fields(200, answer);
        transport.acceptWebSocket(streamId, response, handler, a.subprotocol(), agreed.header(), a.attachment(),
                agreed.extensions());
        LOG.log(System.Logger.Level.DEBUG, "{0}: WebSocket {1} as HTTP/2 stream {2} of connection {3}",
                connection.remoteAddress(), routePath, streamId, transport.id());
    }

    private void page(Http2Transport transport, int streamId, String method, String routePath)
            throws HandshakeException {
        HttpResource resource = server.config().httpRoutes().get(routePath);
        if (resource == null) {
            throw server.route(routePath) != null
                    ? new HandshakeException(400, "this resource is a WebSocket endpoint: open it with an extended "
                    + "CONNECT (RFC 8441)")
                    : new HandshakeException(404, "not found");
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            throw new HandshakeException(405, "only GET and HEAD are allowed",
                    new HttpHeaders().add("allow", "GET, HEAD"));
        }
        byte[] body = resource.body();
        List<HeaderField> response = new ArrayList<>();
        response.add(new HeaderField(":status", "200"));
        response.add(new HeaderField("content-type", resource.contentType()));
        response.add(new HeaderField("content-length", Integer.toString(body.length)));
        response.add(new HeaderField("cache-control", "no-cache"));
        transport.respond(streamId, response, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body));
    }

    private void refuse(Http2Transport transport, int streamId, HandshakeException e) {
        LOG.log(System.Logger.Level.DEBUG, "refused HTTP/2 stream {0} of connection {1} from {2}: {3} {4}", streamId,
                transport.id(), transport.connection().remoteAddress(), e.status(), e.getMessage());
        Rfc8441Handshake.Rejection r;
        try {
            r = Rfc8441Handshake.reject(e);
        } catch (IllegalArgumentException invalid) {
            r = Rfc8441Handshake.reject(new HandshakeException(500, "internal error"));
        }
        transport.respond(streamId, fields(r.status(), r.headers()), ByteBuffer.wrap(r.body()));
    }

    /** {@code :status} then the fields, names lowercase (RFC 9113 section 8.2.1). */
    private static List<HeaderField> fields(int status, HttpHeaders headers) {
        List<HeaderField> list = new ArrayList<>(headers.size() + 1);
        list.add(new HeaderField(":status", Integer.toString(status)));
        headers.forEach((name, value) -> list.add(new HeaderField(name.toLowerCase(Locale.ROOT), value)));
        return list;
    }

    @Override
    public void onClosed(Http2Transport transport) {
        LOG.log(System.Logger.Level.DEBUG, "HTTP/2 connection {0} closed", transport.id());
    }

    @Override
    public String toString() {
        return "ServerStreams[" + server + "]";
    }
}
