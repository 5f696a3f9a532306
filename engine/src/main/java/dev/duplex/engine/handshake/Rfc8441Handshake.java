package dev.duplex.engine.handshake;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The server side of the opening handshake over HTTP/2 (RFC 8441 "Bootstrapping WebSockets with HTTP/2"): a
 * WebSocket is one stream, opened by an extended CONNECT request and accepted by a 2xx response; the frames
 * then travel in DATA frames. The HTTP/2 layer (which must have sent {@code SETTINGS_ENABLE_CONNECT_PROTOCOL =
 * 1}, RFC 8441 section 3) decodes the request into an {@link ExtendedConnect}; {@link #validate} turns it into
 * the same {@link OpeningRequest} an HTTP/1.1 upgrade gives, so routing, the {@link OriginPolicy} and handshake
 * hooks treat both alike; {@link #accept} and {@link #reject} give the response's fields for the HTTP/2 layer
 * to encode.
 * <p>Differences from RFC 6455 (RFC 8441 section 5): no {@code Sec-WebSocket-Key} (ignored if sent; the
 * request's {@link OpeningRequest#key() key} is empty) and no {@code Sec-WebSocket-Accept}; the answer is
 * {@code 200}, not 101; there is no {@code Upgrade} or {@code Connection} (RFC 9113 section 8.2.2).
 */
public final class Rfc8441Handshake {
    /** The version of the request head synthesized by {@link #validate}; it marks an HTTP/2 offer. */
    static final String HTTP_2 = "HTTP/2";
    /** Connection-specific fields, which make an HTTP/2 message malformed (RFC 9113 section 8.2.2). */
    static final String[] CONNECTION_SPECIFIC = {"connection", "upgrade", "keep-alive", "proxy-connection",
            "transfer-encoding"};

    private Rfc8441Handshake() {
    }

    /**
     * The fields of an error response over HTTP/2 (the HTTP/2 layer adds {@code :status}).
     *
     * @param status  the status, 300-599
     * @param headers {@code content-type}, {@code content-length} and the failure's own fields, names lowercase
     * @param body    the failure's detail as a line of UTF-8 text, sent in DATA before END_STREAM
     */
    public record Rejection(int status, HttpHeaders headers, byte[] body) {
        public Rejection {
            headers = HttpHeaders.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * Checks an extended CONNECT request (RFC 8441 section 4 and 5), in this order:
     * <ul>
     *   <li>{@code :method} is {@code CONNECT}: else 405 with {@code allow: CONNECT} (RFC 9110 section 15.5.6):
     *       the resource is a WebSocket endpoint, reached over HTTP/2 only with CONNECT;</li>
     *   <li>{@code :protocol} is {@code websocket}, ASCII case-insensitive (upgrade tokens are, RFC 9110 section
     *       7.8; HAProxy forwards an HTTP/1.1 {@code Upgrade: WebSocket} verbatim): else 501 (a CONNECT without
     *       {@code :protocol} asks for a TCP tunnel, another protocol for something this server does not
     *       implement);</li>
     *   <li>{@code :scheme} {@code http} or {@code https}, {@code :path} an origin-form path without fragment,
     *       {@code :authority} a valid {@code host [ ":" port ]} (RFC 8441 section 4, RFC 9113 section 8.3.1):
     *       else 400; a {@code host} field, if sent, must name the same host and port (RFC 9113 section
     *       8.3.1), else 400;</li>
     *   <li>exactly one {@code sec-websocket-version} of 13 (RFC 6455 section 4.2.1 item 6): else 400 with
     *       {@code sec-websocket-version: 13}. Not 426 as over HTTP/1.1: 426 must carry an {@code Upgrade}
     *       field (RFC 9110 section 15.5.22), which HTTP/2 forbids (RFC 9113 section 8.2.2);</li>
     *   <li>at most one {@code origin}, and {@code sec-websocket-protocol} elements that are distinct tokens,
     *       repeated fields forming one list (as {@link ServerHandshake#validate(HttpRequestHead)}): else 400.</li>
     * </ul>
     * The result's {@link OpeningRequest#head() head} is synthesized: method {@code CONNECT}, target
     * {@code :path}, version {@code HTTP/2}, headers the regular fields preceded by {@code host: <:authority>}
     * when the request had no {@code host}, so code written for HTTP/1.1 ({@code headers().first("Host")},
     * {@code Authorization}, cookies) works unchanged. Its {@code key} is empty, its version 13, its host the
     * {@code :authority}; the frames are those of RFC 6455.
     *
     * @throws HandshakeException with the status to answer (see {@link #reject})
     */
    public static OpeningRequest validate(ExtendedConnect request) throws HandshakeException {
        if (!"CONNECT".equals(request.method())) {
            throw new HandshakeException(405, "method " + HttpSyntax.quote(request.method())
                    + " is not CONNECT (RFC 8441 section 4)", new HttpHeaders().add("allow", "CONNECT"));
        }
        if (request.protocol() == null) {
            throw new HandshakeException(501, "CONNECT without :protocol (a tunnel) is not supported; "
                    + ":protocol websocket is (RFC 8441 section 4)");
        }
        if (!HttpSyntax.equalsIgnoreAsciiCase(request.protocol(), "websocket")) {
            throw new HandshakeException(501, "protocol " + HttpSyntax.quote(request.protocol())
                    + " is not supported; this server speaks websocket (RFC 8441 section 4)");
        }
        String scheme = request.scheme() == null ? null : HttpSyntax.toLowerAscii(request.scheme());
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw HandshakeException.badRequest(":scheme is " + HttpSyntax.quote(request.scheme())
                    + ", not http or https (RFC 8441 section 4)");
        }
        RequestTarget target = checkPath(request.path());
        Authority authority = request.authority() == null ? null : Authority.parse(request.authority());
        if (authority == null) {
            throw HandshakeException.badRequest(":authority is " + (request.authority() == null ? "missing"
                    : "invalid: " + HttpSyntax.quote(request.authority())) + " (RFC 8441 section 4)");
        }
        HttpHeaders fields = request.headers();
        checkHostField(fields, authority, scheme);
        checkVersion(fields);
        String origin = ServerHandshake.origin(fields, "origin");
        List<String> subprotocols = ServerHandshake.checkSubprotocols(fields, "sec-websocket-protocol");
        HttpHeaders headers = fields;
        if (!fields.contains("host")) {
            headers = new HttpHeaders().add("host", request.authority());
            fields.forEach(headers::add);
        }
        HttpRequestHead head = new HttpRequestHead("CONNECT", request.path(), HTTP_2, headers);
        return new OpeningRequest(head, target.path(), target.query(), "", 13, origin, request.authority(),
                subprotocols, fields.all("sec-websocket-extensions"));
    }

    /**
     * The regular fields of the 200 response that accepts a WebSocket (RFC 8441 section 5): {@code
     * sec-websocket-protocol} and {@code sec-websocket-extensions} when given, then {@code extra}, every name
     * lowercase (RFC 9113 section 8.2.1). No {@code sec-websocket-accept}. The HTTP/2 layer sends them with
     * {@code :status 200} and without END_STREAM.
     *
     * @param offer       a request that passed {@link #validate}
     * @param subprotocol the chosen subprotocol, one of {@code offer.subprotocols()}; null for none
     * @param extensions  the {@code sec-websocket-extensions} answer from the extension negotiation; null for none
     * @param extra       further fields, or null; must not set the fields above nor connection-specific ones
     * @throws IllegalArgumentException if the subprotocol was not offered, {@code extensions} is blank or has a
     *                                  control character, {@code extra} sets a field it must not, or
     *                                  {@code offer} came over HTTP/1.1 ({@link ServerHandshake#accept})
     */
    public static HttpHeaders accept(OpeningRequest offer, String subprotocol, String extensions, HttpHeaders extra) {
        if (!isHttp2(offer)) {
            throw new IllegalArgumentException("an HTTP/1.1 request is answered with ServerHandshake.accept");
        }
        ServerHandshake.checkChosen(offer, subprotocol, extensions);
        HeadWriter.refuseReserved(extra, "sec-websocket-protocol", "sec-websocket-extensions", "sec-websocket-accept");
        HeadWriter.refuseReserved(extra, CONNECTION_SPECIFIC);
        HttpHeaders out = new HttpHeaders();
        if (subprotocol != null) {
            out.add("sec-websocket-protocol", subprotocol);
        }
        if (extensions != null) {
            out.add("sec-websocket-extensions", extensions);
        }
        addLowercased(out, extra);
        return out;
    }

    /**
     * The error response for {@code failure} over HTTP/2: its status, {@code content-type: text/plain;
     * charset=utf-8}, {@code content-length}, the failure's fields (names lowercased; connection-specific ones,
     * such as the {@code Upgrade} of a 426 made for HTTP/1.1, left out as RFC 9113 section 8.2.2 requires), and
     * its {@link HandshakeException#detail() detail} as the body. The HTTP/2 layer ends the stream after it;
     * the connection stays open.
     *
     * @throws IllegalArgumentException if the status is not 300-599, or the failure's fields set
     *                                  {@code content-type} or {@code content-length}
     */
    public static Rejection reject(HandshakeException failure) {
        int status = failure.status();
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        HeadWriter.refuseReserved(failure.headers(), "content-type", "content-length");
        byte[] body = (failure.detail() + "\n").getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = new HttpHeaders()
                .add("content-type", "text/plain; charset=utf-8")
                .add("content-length", Integer.toString(body.length));
        HttpHeaders own = new HttpHeaders();
        failure.headers().forEach((name, value) -> {
            if (!isConnectionSpecific(name)) {
                own.add(name, value);
            }
        });
        addLowercased(headers, own);
        return new Rejection(status, headers, body);
    }

    /** Whether {@code offer} came from {@link #validate} (its synthesized head says HTTP/2). */
    static boolean isHttp2(OpeningRequest offer) {
        return HTTP_2.equals(offer.head().version());
    }

    /** Appends the lines of {@code from}, if not null, to {@code to} with lowercase names. */
    static void addLowercased(HttpHeaders to, HttpHeaders from) {
        if (from != null) {
            from.forEach((name, value) -> to.add(HttpSyntax.toLowerAscii(name), value));
        }
    }

    private static boolean isConnectionSpecific(String name) {
        for (String field : CONNECTION_SPECIFIC) {
            if (HttpSyntax.equalsIgnoreAsciiCase(field, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 9113 section 8.3.1: {@code :path} is not empty and, for http and https, is a path (with its query);
     * the asterisk form is for OPTIONS only. RFC 3986: no whitespace or control characters, no fragment.
     */
    private static RequestTarget checkPath(String path) throws HandshakeException {
        if (path == null || path.isEmpty()) {
            throw HandshakeException.badRequest(":path is " + (path == null ? "missing" : "empty")
                    + " (RFC 8441 section 4)");
        }
        if (path.charAt(0) != '/' || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw HandshakeException.badRequest(":path is not an absolute path: " + HttpSyntax.quote(path)
                    + " (RFC 9113 section 8.3.1)");
        }
        return RequestTarget.parse(path);
    }

    /**
     * RFC 9113 section 8.3.1: "A server SHOULD treat a request as malformed if it contains a Host header field
     * that identifies an entity that differs from the entity in the :authority pseudo-header field", compared
     * after normalization (RFC 3986 section 6.2: host case-insensitive, the default port implied).
     */
    private static void checkHostField(HttpHeaders fields, Authority authority, String scheme)
            throws HandshakeException {
        List<String> hosts = fields.all("host");
        if (hosts.isEmpty()) {
            return;
        }
        if (hosts.size() > 1) {
            throw HandshakeException.badRequest("host is repeated");
        }
        Authority host = Authority.parse(hosts.get(0));
        int defaultPort = WebOrigin.defaultPort(scheme);
        if (host == null || !HttpSyntax.equalsIgnoreAsciiCase(host.host(), authority.host())
                || (host.port() < 0 ? defaultPort : host.port())
                        != (authority.port() < 0 ? defaultPort : authority.port())) {
            throw HandshakeException.badRequest("host " + HttpSyntax.quote(hosts.get(0))
                    + " differs from :authority " + HttpSyntax.quote(authority.host()
                    + (authority.port() < 0 ? "" : ":" + authority.port())) + " (RFC 9113 section 8.3.1)");
        }
    }

    /** RFC 6455 section 4.2.1 item 6, answered with 400 rather than 426 over HTTP/2 (see {@link #validate}). */
    private static void checkVersion(HttpHeaders fields) throws HandshakeException {
        List<String> lines = fields.all("sec-websocket-version");
        String problem = lines.isEmpty() ? "sec-websocket-version is missing"
                : lines.size() > 1 ? "sec-websocket-version is repeated"
                : lines.get(0).equals("13") ? null
                : "sec-websocket-version " + HttpSyntax.quote(lines.get(0)) + " is not supported";
        if (problem != null) {
            throw new HandshakeException(400, problem + "; this server speaks 13 (RFC 8441 section 5, "
                    + "RFC 6455 section 4.2.1 item 6)", new HttpHeaders().add("sec-websocket-version", "13"));
        }
    }
}
