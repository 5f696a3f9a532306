package dev.duplex.client.internal;

import dev.duplex.client.ClientConfig;
import dev.duplex.client.ConnectOptions;
import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.ExtendedConnect;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.Rfc8441ClientHandshake;
import dev.duplex.http2.ErrorCode;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import dev.duplex.transport.internal.LoopTimer;
import dev.duplex.transport.internal.http2.Http2Transport;
import dev.duplex.transport.internal.http2.ResponseHandler;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket's opening handshake as a stream of an HTTP/2 connection (RFC 8441 sections 4 and 5): the
 * extended CONNECT, then the 2xx answer checked as over HTTP/1.1 (subprotocol, extensions), then the WebSocket on
 * the stream. Any failure fails the connect future and resets the stream. Loop thread only.
 */
final class StreamUpgrade implements ResponseHandler {

    /** A WebSocket waiting to be opened. */
    record Request(Target target, ConnectOptions options, WebSocketListener listener,
                   CompletableFuture<WebSocket> result) {
        void fail(Throwable cause) {
            result.completeExceptionally(cause);
        }
    }

    private final Request request;
    private final ClientConfig config;
    private final Rfc8441ClientHandshake handshake;
    private Http2Transport transport;
    private int streamId;
    private LoopTimer timeout;
    private boolean done;

    StreamUpgrade(Request request, ClientConfig config) {
        this.request = request;
        this.config = config;
        this.handshake = new Rfc8441ClientHandshake(request.target().uri(), request.options().subprotocols(),
                request.options().headers(), ExtensionNegotiation.offer(config.extensions()));
    }

    /**
     * Checks that {@code target} and {@code options} make a valid extended CONNECT.
     *
     * @throws IllegalArgumentException when they do not (a fragment in the URI, an invalid subprotocol, ...)
     */
    static void checkRequest(Target target, ConnectOptions options) {
        new Rfc8441ClientHandshake(target.uri(), options.subprotocols(), options.headers(), null);
    }

    /**
     * Sends the extended CONNECT on a new stream of {@code transport}.
     *
     * @throws IllegalStateException when the connection cannot open a stream now (limit, GOAWAY)
     */
    void start(Http2Transport transport) {
        this.transport = transport;
        streamId = transport.request(fields(handshake.request()), this);
        timeout = transport.connection().loop().schedule(config.handshakeTimeout().toNanos(), this::timedOut);
    }

    private static List<HeaderField> fields(ExtendedConnect r) {
        List<HeaderField> list = new ArrayList<>();
        list.add(new HeaderField(":method", r.method()));
        list.add(new HeaderField(":protocol", r.protocol()));
        list.add(new HeaderField(":scheme", r.scheme()));
        list.add(new HeaderField(":path", r.path()));
        list.add(new HeaderField(":authority", r.authority()));
        r.headers().forEach((name, value) -> list.add(new HeaderField(name.toLowerCase(Locale.ROOT), value)));
        return list;
    }

    @Override
    public void onResponse(Http2Transport transport, int streamId, List<HeaderField> headers, boolean endStream) {
        if (done) {
            return;
        }
        try {
            int status = -1;
            HttpHeaders response = new HttpHeaders();
            for (HeaderField f : headers) {
                if (f.name().equals(":status")) {
                    status = parseStatus(f.value());
                } else if (!f.isPseudo()) {
                    response.add(f.name(), f.value());
                }
            }
            ClientHandshake.Result accepted = handshake.validate(status, response);
            if (endStream) {
                throw HandshakeException.invalidResponse("the server ended the stream with its 2xx answer");
            }
            List<Extension> agreed;
            try {
                agreed = ExtensionNegotiation.confirm(config.extensions(), accepted.extensions());
            } catch (IllegalArgumentException e) {
                throw HandshakeException.invalidResponse(e.getMessage() + " (RFC 6455 section 4.1)");
            }
            finish();
            if (request.result().isCancelled()) {
                agreed.forEach(Extension::close);
                transport.reset(streamId, ErrorCode.CANCEL);
                return;
            }
            WebSocket ws = transport.openWebSocket(streamId, request.listener(), accepted.subprotocol(),
                    accepted.extensions(), null, agreed);
            request.result().complete(ws);
        } catch (HandshakeException e) {
            ClientRuntime.LOG.log(System.Logger.Level.DEBUG, "opening handshake on HTTP/2 stream {0} failed: {1}",
                    streamId, e.getMessage());
            finish();
            transport.reset(streamId, ErrorCode.CANCEL);
            request.fail(e);
        }
    }

    private static int parseStatus(String value) throws HandshakeException {
        if (value.length() != 3) {
            throw HandshakeException.invalidResponse("malformed :status " + value);
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw HandshakeException.invalidResponse("malformed :status " + value);
        }
    }

    @Override
    public void onFailed(Throwable cause) {
        if (!done) {
            finish();
            request.fail(cause);
        }
    }

    private void timedOut() {
        if (!done) {
            finish();
            transport.reset(streamId, ErrorCode.CANCEL);
            request.fail(new SocketTimeoutException("opening handshake on HTTP/2 stream " + streamId + " timed out"));
        }
    }

    private void finish() {
        done = true;
        if (timeout != null) {
            timeout.cancel();
        }
    }

    @Override
    public String toString() {
        return "StreamUpgrade[" + request.target().uri() + ", stream " + streamId + (done ? ", done" : "") + "]";
    }
}
