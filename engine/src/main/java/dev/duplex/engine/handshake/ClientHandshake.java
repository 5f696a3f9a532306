package dev.duplex.engine.handshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The client side of the opening handshake (RFC 6455 section 4.1) for one connection: writes the request,
 * then checks the server's response head (read with {@link HttpHeadParser#forResponses}). The random nonce is
 * given by the caller (16 bytes from a strong source, fresh for every connection), which keeps tests
 * repeatable.
 * <p>Not thread-safe; immutable once built, except that {@link #request()} returns a fresh buffer each time.
 */
public final class ClientHandshake {
    private final URI uri;
    private final List<String> subprotocols;
    private final String extensionOffer;
    private final String key;
    private final String expectedAccept;
    private final byte[] request;

    /**
     * The outcome of a successful handshake.
     *
     * @param subprotocol the subprotocol the server chose, one of those offered; null for none
     * @param extensions  the server's {@code Sec-WebSocket-Extensions} answer (lines joined by ", "), for the
     *                    extension negotiation layer to check against the offer; null for none
     * @param headers     every header of the response
     */
    public record Result(String subprotocol, String extensions, HttpHeaders headers) {
    }

    /**
     * Prepares the handshake of a connection to {@code uri}.
     *
     * @param uri            a {@code ws://} or {@code wss://} URI without fragment or user info (RFC 6455 section 3)
     * @param subprotocols   the subprotocols to offer, most preferred first; distinct tokens; null or empty for none
     * @param extra          further request headers (such as {@code Origin}, {@code Authorization}), or null; must
     *                       not set the headers written by this class
     * @param extensionOffer the {@code Sec-WebSocket-Extensions} offer, or null for none
     * @param nonce16        16 random bytes; their base64 is the {@code Sec-WebSocket-Key} (section 4.1 item 7)
     * @throws IllegalArgumentException if an argument breaks these rules
     */
    public ClientHandshake(URI uri, List<String> subprotocols, HttpHeaders extra, String extensionOffer,
                           byte[] nonce16) {
        this.uri = uri;
        this.subprotocols = checkSubprotocols(subprotocols);
        if (extensionOffer != null
                && (HttpSyntax.trimWhitespace(extensionOffer).isEmpty() || !HttpSyntax.isFieldValue(extensionOffer))) {
            throw new IllegalArgumentException("extension offer is blank or has a control character");
        }
        this.extensionOffer = extensionOffer;
        this.key = WebSocketKey.fromNonce(nonce16);
        this.expectedAccept = WebSocketKey.accept(key);
        HeadWriter.refuseReserved(extra, "Host", "Upgrade", "Connection", "Sec-WebSocket-Key",
                "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions");
        this.request = buildRequest(extra);
    }

    /** The {@code Sec-WebSocket-Key} sent. */
    public String key() {
        return key;
    }

    /**
     * The request bytes (RFC 6455 section 4.1): {@code GET} with the URI's path and query, {@code Host} (with
     * the port unless it is the scheme's default), {@code Upgrade: websocket}, {@code Connection: Upgrade},
     * {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version: 13}, {@code Sec-WebSocket-Protocol} and
     * {@code Sec-WebSocket-Extensions} when offered, then the extra headers.
     *
     * @return a new buffer, from position 0 to the limit
     */
    public ByteBuffer request() {
        return ByteBuffer.wrap(request.clone());
    }

    /**
     * Checks the server's response (RFC 6455 section 4.1, the client's requirements on the response): status 101;
     * {@code Upgrade} exactly {@code websocket} and {@code Connection} listing {@code Upgrade}, case-insensitive;
     * one {@code Sec-WebSocket-Accept} equal to base64(SHA-1(key + GUID)); no {@code Sec-WebSocket-Extensions}
     * unless an offer was made; at most one {@code Sec-WebSocket-Protocol}, naming exactly one offered subprotocol.
     *
     * @throws HandshakeException carrying the status and headers of a response other than 101, or status 0 when a
     *                            101 breaks one of the rules above; the connection must then be failed
     */
    public Result validate(HttpResponseHead response) throws HandshakeException {
        if (response.status() != 101) {
            throw HandshakeException.unexpectedStatus(response);
        }
        HttpHeaders headers = response.headers();
        List<String> upgrade = headers.tokens("Upgrade");
        if (upgrade.size() != 1 || !HttpSyntax.equalsIgnoreAsciiCase(upgrade.get(0), "websocket")) {
            throw HandshakeException.invalidResponse("Upgrade is " + joinedQuoted(headers, "Upgrade")
                    + ", not websocket (RFC 6455 section 4.1)");
        }
        if (!headers.containsToken("Connection", "Upgrade")) {
            throw HandshakeException.invalidResponse("Connection is " + joinedQuoted(headers, "Connection")
                    + ", without Upgrade (RFC 6455 section 4.1)");
        }
        List<String> accepts = headers.all("Sec-WebSocket-Accept");
        if (accepts.size() != 1 || !accepts.get(0).equals(expectedAccept)) {
            throw HandshakeException.invalidResponse("Sec-WebSocket-Accept is " + joinedQuoted(headers,
                    "Sec-WebSocket-Accept") + ", expected \"" + expectedAccept + "\" (RFC 6455 section 4.1)");
        }
        return new Result(checkSubprotocol(headers), checkExtensions(headers), headers);
    }

    @Override
    public String toString() {
        return "ClientHandshake[" + uri + ", key=" + key + ", subprotocols=" + subprotocols + ", extensions="
                + extensionOffer + "]";
    }

    private byte[] buildRequest(HttpHeaders extra) {
        if (uri == null || uri.isOpaque() || uri.getScheme() == null) {
            throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
        }
        int defaultPort = switch (HttpSyntax.toLowerAscii(uri.getScheme())) {
            case "ws" -> 80;
            case "wss" -> 443;
            default -> throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
        };
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a WebSocket URI has no fragment (RFC 6455 section 3): " + uri);
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            throw new IllegalArgumentException("a WebSocket URI has a host and no user info (RFC 6455 section 3): "
                    + uri);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        int port = uri.getPort();
        String host = port < 0 || port == defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
        HeadWriter out = new HeadWriter("GET " + target + " HTTP/1.1")
                .header("Host", host)
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Key", key)
                .header("Sec-WebSocket-Version", "13");
        if (!subprotocols.isEmpty()) {
            out.header("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        }
        if (extensionOffer != null) {
            out.header("Sec-WebSocket-Extensions", extensionOffer);
        }
        ByteBuffer bytes = out.headers(extra).finish();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    /** RFC 6455 section 4.1 item 10: distinct tokens. */
    private static List<String> checkSubprotocols(List<String> subprotocols) {
        if (subprotocols == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (String protocol : subprotocols) {
            if (protocol == null || !HttpSyntax.isToken(protocol)) {
                throw new IllegalArgumentException("subprotocol is not a token: " + HttpSyntax.quote(protocol));
            }
            if (!seen.add(protocol)) {
                throw new IllegalArgumentException("subprotocol offered twice: " + protocol);
            }
        }
        return List.copyOf(subprotocols);
    }

    /** RFC 6455 section 4.1: the server's subprotocol must be one that was offered. */
    private String checkSubprotocol(HttpHeaders headers) throws HandshakeException {
        List<String> lines = headers.all("Sec-WebSocket-Protocol");
        if (lines.isEmpty()) {
            return null;
        }
        if (lines.size() != 1 || !subprotocols.contains(lines.get(0))) {
            throw HandshakeException.invalidResponse("server chose subprotocol " + joinedQuoted(headers,
                    "Sec-WebSocket-Protocol") + ", offered " + subprotocols + " (RFC 6455 section 4.1)");
        }
        return lines.get(0);
    }

    /** RFC 6455 section 4.1: extensions in use must have been offered; the negotiation layer checks which. */
    private String checkExtensions(HttpHeaders headers) throws HandshakeException {
        if (headers.tokens("Sec-WebSocket-Extensions").isEmpty()) {
            return null;
        }
        if (extensionOffer == null) {
            throw HandshakeException.invalidResponse("server answered Sec-WebSocket-Extensions "
                    + joinedQuoted(headers, "Sec-WebSocket-Extensions") + " but none was offered (RFC 6455 section 4.1)");
        }
        return String.join(", ", headers.all("Sec-WebSocket-Extensions").stream()
                .filter(line -> !HttpSyntax.trimWhitespace(line).isEmpty()).toList());
    }

    private static String joinedQuoted(HttpHeaders headers, String name) {
        List<String> lines = headers.all(name);
        return lines.isEmpty() ? "missing" : HttpSyntax.quote(String.join(", ", lines));
    }
}
