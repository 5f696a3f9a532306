package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server side of the opening handshake (RFC 6455 section 4.2): checks a request head, then writes the
 * 101 answer or an error response. The caller reads the head with {@link HttpHeadParser#forRequests}, calls
 * {@link #validate}, applies its own policies (path routing, {@link OriginPolicy}: 403 on refusal), chooses a
 * subprotocol and extensions, and sends {@link #accept} or {@link #reject}. After a reject the connection is
 * closed.
 */
public final class ServerHandshake {
    private static final int SUPPORTED_VERSION = 13;

    private ServerHandshake() {
    }

    /**
     * Checks a request against RFC 6455 section 4.2.1, in this order: method {@code GET} (else 405 with
     * {@code Allow: GET}); HTTP/1.1 or later (400); a request-target in origin-form or absolute-form without a
     * fragment (400); exactly one valid {@code Host} (400, RFC 9112 section 3.2); no request body (400);
     * {@code Upgrade} listing {@code websocket} and {@code Connection} listing {@code Upgrade}, case-insensitive
     * (400); exactly one {@code Sec-WebSocket-Version} of 13 (missing or another version: 426 with
     * {@code Sec-WebSocket-Version: 13}; malformed or repeated: 400); exactly one {@code Sec-WebSocket-Key}
     * decoding to 16 bytes (400); at most one {@code Origin} (400); {@code Sec-WebSocket-Protocol} elements that
     * are distinct tokens (400).
     *
     * @throws HandshakeException with the status to answer (see {@link #reject})
     */
    public static OpeningRequest validate(HttpRequestHead request) throws HandshakeException {
        HttpHeaders headers = request.headers();
        if (!request.method().equals("GET")) {
            throw HandshakeException.methodNotAllowed(request.method());
        }
        if (!isHttp11OrLater(request.version())) {
            throw HandshakeException.badRequest("HTTP/1.1 or later is required, not " + request.version());
        }
        RequestTarget target = RequestTarget.parse(request.target());
        String host = checkHost(headers, target);
        checkNoBody(headers);
        if (!headers.containsToken("Upgrade", "websocket")) {
            throw HandshakeException.badRequest("Upgrade does not list websocket: "
                    + HttpSyntax.quote(String.join(", ", headers.all("Upgrade"))));
        }
        if (!headers.containsToken("Connection", "Upgrade")) {
            throw HandshakeException.badRequest("Connection does not list Upgrade: "
                    + HttpSyntax.quote(String.join(", ", headers.all("Connection"))));
        }
        int version = checkVersion(headers);
        String key = single(headers, "Sec-WebSocket-Key");
        if (!WebSocketKey.isValid(key)) {
            throw HandshakeException.badRequest("Sec-WebSocket-Key is not the base64 of 16 bytes: "
                    + HttpSyntax.quote(key));
        }
        List<String> origins = headers.all("Origin");
        if (origins.size() > 1) {
            throw HandshakeException.badRequest("Origin is repeated");
        }
        return new OpeningRequest(request, target.path(), target.query(), key, version,
                origins.isEmpty() ? null : origins.get(0), host, checkSubprotocols(headers),
                headers.all("Sec-WebSocket-Extensions"));
    }

    /**
     * The 101 response that completes the handshake (RFC 6455 section 4.2.2 item 5): {@code Upgrade},
     * {@code Connection}, {@code Sec-WebSocket-Accept}, then {@code Sec-WebSocket-Protocol} and
     * {@code Sec-WebSocket-Extensions} when given, then {@code extra}.
     *
     * @param offer       a request that passed {@link #validate}
     * @param subprotocol the chosen subprotocol, one of {@code offer.subprotocols()}; null for none
     * @param extensions  the {@code Sec-WebSocket-Extensions} answer from the extension negotiation; null for none
     * @param extra       further headers, or null; must not set the headers above
     * @return the response bytes, from position 0 to the limit
     * @throws IllegalArgumentException if the subprotocol was not offered, {@code extensions} is blank or has a
     *                                  control character, or {@code extra} repeats a header written here
     */
    public static ByteBuffer accept(OpeningRequest offer, String subprotocol, String extensions, HttpHeaders extra) {
        if (subprotocol != null && !offer.subprotocols().contains(subprotocol)) {
            throw new IllegalArgumentException("subprotocol " + HttpSyntax.quote(subprotocol) + " was not offered: "
                    + offer.subprotocols());
        }
        if (extensions != null && HttpSyntax.trimWhitespace(extensions).isEmpty()) {
            throw new IllegalArgumentException("extensions answer is blank; pass null for none");
        }
        HeadWriter.refuseReserved(extra, "Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol",
                "Sec-WebSocket-Extensions");
        HeadWriter out = new HeadWriter("HTTP/1.1 101 Switching Protocols")
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Accept", acceptKey(offer.key()));
        if (subprotocol != null) {
            out.header("Sec-WebSocket-Protocol", subprotocol);
        }
        if (extensions != null) {
            out.header("Sec-WebSocket-Extensions", extensions);
        }
        return out.headers(extra).finish();
    }

    /**
     * A complete HTTP/1.1 error response for {@code failure}: its status line, {@code Content-Type: text/plain;
     * charset=utf-8}, {@code Content-Length}, {@code Connection: close} ({@code Upgrade, close} when the failure
     * carries an {@code Upgrade} header, RFC 9110 section 7.8), its headers, and its {@link
     * HandshakeException#detail() detail} as the body. The caller closes the connection after sending it.
     *
     * @return the response bytes, from position 0 to the limit
     * @throws IllegalArgumentException if the status is not 300-599, or the failure's headers set
     *                                  {@code Content-Type}, {@code Content-Length} or {@code Connection}
     */
    public static ByteBuffer reject(HandshakeException failure) {
        int status = failure.status();
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        HeadWriter.refuseReserved(failure.headers(), "Content-Type", "Content-Length", "Connection");
        byte[] body = (failure.detail() + "\n").getBytes(StandardCharsets.UTF_8);
        return new HeadWriter("HTTP/1.1 " + status + " " + failure.reason())
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Content-Length", Integer.toString(body.length))
                .header("Connection", failure.headers().contains("Upgrade") ? "Upgrade, close" : "close")
                .headers(failure.headers())
                .finish(body);
    }

    /** {@code Sec-WebSocket-Accept} for {@code key}: base64(SHA-1(key + GUID)) (RFC 6455 section 1.3, 4.2.2). */
    public static String acceptKey(String key) {
        return WebSocketKey.accept(key);
    }

    /** RFC 6455 section 4.2.1 item 1: "An HTTP/1.1 or higher GET request". */
    private static boolean isHttp11OrLater(String version) {
        return version.length() == 8 && version.startsWith("HTTP/1.") && version.charAt(7) >= '1'
                && version.charAt(7) <= '9';
    }

    /** RFC 9112 section 3.2: exactly one valid Host; an absolute-form target's authority takes its place. */
    private static String checkHost(HttpHeaders headers, RequestTarget target) throws HandshakeException {
        String host = single(headers, "Host");
        if (Authority.parse(host) == null) {
            throw HandshakeException.badRequest("invalid Host " + HttpSyntax.quote(host));
        }
        if (target.authority() == null) {
            return host;
        }
        Authority authority = target.authority();
        return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
    }

    /**
     * A body would be read as WebSocket frames, so a request announcing one is refused (RFC 9112 section 6.3;
     * RFC 6455 section 4.2.1 describes a GET without one).
     */
    private static void checkNoBody(HttpHeaders headers) throws HandshakeException {
        if (headers.contains("Transfer-Encoding")) {
            throw HandshakeException.badRequest("an opening handshake has no body, but Transfer-Encoding is set");
        }
        for (String length : headers.all("Content-Length")) {
            if (!length.equals("0")) {
                throw HandshakeException.badRequest("an opening handshake has no body, but Content-Length is "
                        + HttpSyntax.quote(length));
            }
        }
    }

    /**
     * RFC 6455 section 4.2.1 item 6 and 4.4: version 13, else 426 naming it. The value grammar of section 11.3.5
     * (0-255 without leading zeros) tells a malformed value (400) from another version (426).
     */
    private static int checkVersion(HttpHeaders headers) throws HandshakeException {
        List<String> lines = headers.all("Sec-WebSocket-Version");
        if (lines.isEmpty()) {
            throw HandshakeException.upgradeRequired("Sec-WebSocket-Version is missing; this server speaks 13");
        }
        if (lines.size() > 1) {
            throw HandshakeException.badRequest("Sec-WebSocket-Version is repeated");
        }
        String value = lines.get(0);
        boolean wellFormed = !value.isEmpty() && value.length() <= 3
                && value.chars().allMatch(c -> c >= '0' && c <= '9')
                && (value.length() == 1 || value.charAt(0) != '0') && Integer.parseInt(value) <= 255;
        if (!wellFormed) {
            throw HandshakeException.badRequest("malformed Sec-WebSocket-Version " + HttpSyntax.quote(value));
        }
        int version = Integer.parseInt(value);
        if (version != SUPPORTED_VERSION) {
            throw HandshakeException.upgradeRequired("Sec-WebSocket-Version " + version
                    + " is not supported; this server speaks 13");
        }
        return version;
    }

    /**
     * RFC 6455 section 4.1 item 10 and 4.2.1 item 8: a comma-separated list of distinct tokens. A semicolon
     * is read as a separator too: it can never be part of a token, and Java-WebSocket 1.6 joins its
     * subprotocols with "; ".
     */
    private static List<String> checkSubprotocols(HttpHeaders headers) throws HandshakeException {
        List<String> offered = new ArrayList<>();
        for (String element : headers.tokens("Sec-WebSocket-Protocol")) {
            for (String part : element.split(";")) {
                String protocol = part.strip();
                if (!protocol.isEmpty()) {
                    offered.add(protocol);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (String protocol : offered) {
            if (!HttpSyntax.isToken(protocol)) {
                throw HandshakeException.badRequest("Sec-WebSocket-Protocol element is not a token: "
                        + HttpSyntax.quote(protocol));
            }
            if (!seen.add(protocol)) {
                throw HandshakeException.badRequest("Sec-WebSocket-Protocol repeats " + HttpSyntax.quote(protocol));
            }
        }
        return offered;
    }

    /** The value of the one line named {@code name}; 400 if it is missing or repeated. */
    private static String single(HttpHeaders headers, String name) throws HandshakeException {
        List<String> lines = headers.all(name);
        if (lines.size() != 1) {
            throw HandshakeException.badRequest(name + (lines.isEmpty() ? " is missing" : " is repeated"));
        }
        return lines.get(0);
    }
}
