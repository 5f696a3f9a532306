package dev.duplex.engine.handshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The client side of the opening handshake (RFC 6455 section 4.1) for one connection: writes the request,
 * then checks the server's response head (read with {@link HttpHeadParser#forResponses}). The random nonce is
 * given by the caller (16 bytes from a strong source, fresh for every connection), which keeps tests
 * repeatable.
 * <p>{@link #forVersion} makes the handshake of a legacy {@link ProtocolVersion} instead: the same steps, in the
 * form of that version's draft.
 * <p>Not thread-safe; immutable once built, except that {@link #request()} returns a fresh buffer each time.
 */
public final class ClientHandshake {
    private static final String RFC_6455 = "RFC 6455 section 4.1";
    private final ProtocolVersion version;
    private final URI uri;
    private final List<String> subprotocols;
    private final String extensionOffer;
    private final String key;
    private final String expectedAccept;
    /** hixie: the origin sent and the location expected back. */
    private String origin;
    private String location;
    /** hixie-76: the 16-byte answer expected after the response head. */
    private byte[] expectedAnswer;
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
        this(ProtocolVersion.RFC_6455, uri, subprotocols, extra, extensionOffer, nonce16, null);
    }

    private ClientHandshake(ProtocolVersion version, URI uri, List<String> subprotocols, HttpHeaders extra,
                            String extensionOffer, byte[] nonce16, RandomGenerator random) {
        this.version = version;
        this.uri = uri;
        this.subprotocols = checkSubprotocols(subprotocols);
        this.extensionOffer = checkExtensionOffer(extensionOffer);
        if (version.usesHixieFraming()) {
            if (extensionOffer != null) {
                throw new IllegalArgumentException(version.label() + " has no extensions");
            }
            if (this.subprotocols.size() > 1) {
                throw new IllegalArgumentException(version.label() + " offers one subprotocol at most: "
                        + this.subprotocols);
            }
            this.key = "";
            this.expectedAccept = null;
            HeadWriter.refuseReserved(extra, "Host", "Upgrade", "Connection", "Content-Length", "Sec-WebSocket-Key1",
                    "Sec-WebSocket-Key2", "Sec-WebSocket-Protocol", "WebSocket-Protocol", "Sec-WebSocket-Version",
                    "Sec-WebSocket-Key");
            this.request = buildHixieRequest(extra, random);
        } else {
            this.key = WebSocketKey.fromNonce(nonce16);
            this.expectedAccept = WebSocketKey.accept(key);
            HeadWriter.refuseReserved(extra, "Host", "Upgrade", "Connection", "Sec-WebSocket-Key",
                    "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions");
            this.request = buildRequest(extra);
        }
    }

    /**
     * Prepares the handshake of a connection to {@code uri} in the form of {@code version}. Arguments are those of
     * the constructor, with these differences:
     * <ul>
     *   <li>RFC 6455, hybi-08, hybi-07: the nonce is 16 bytes of {@code random}; {@code Sec-WebSocket-Version} is
     *       13, 8 or 7; for hybi an {@code Origin} in {@code extra} is sent as {@code Sec-WebSocket-Origin}.</li>
     *   <li>hixie-76 (draft section 4.1): {@code Upgrade: WebSocket}, {@code Origin} (from {@code extra}, else
     *       {@code http://} or {@code https://} and the host), {@code Sec-WebSocket-Protocol} when offered, two keys
     *       made from {@code random} as the draft describes, {@code Content-Length: 8} (proxies forward the body
     *       only when it is announced), and 8 random bytes of body after the head.</li>
     *   <li>hixie-75: {@code Upgrade: WebSocket}, {@code Origin}, {@code WebSocket-Protocol} when offered.</li>
     * </ul>
     *
     * @param random a strong source (such as {@link java.security.SecureRandom}); a seeded one makes tests
     *               repeatable
     * @throws IllegalArgumentException as the constructor, and for hixie when more than one subprotocol or an
     *                                  extension offer is given
     */
    public static ClientHandshake forVersion(ProtocolVersion version, URI uri, List<String> subprotocols,
                                             HttpHeaders extra, String extensionOffer, RandomGenerator random) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(random, "random");
        byte[] nonce = null;
        if (!version.usesHixieFraming()) {
            nonce = new byte[16];
            random.nextBytes(nonce);
        }
        return new ClientHandshake(version, uri, subprotocols, extra, extensionOffer, nonce, random);
    }

    /** The protocol version of this handshake. */
    public ProtocolVersion version() {
        return version;
    }

    /** The {@code Sec-WebSocket-Key} sent; empty for hixie versions. */
    public String key() {
        return key;
    }

    /**
     * The bytes that follow a 101 response head and belong to the handshake: 16 for hixie-76 (the answer to the
     * challenge), else 0. The caller reads them before calling {@link #validate(HttpResponseHead, ByteBuffer)}.
     */
    public int responseBodyLength() {
        return version.responseBodyLength();
    }

    /**
     * The request bytes (RFC 6455 section 4.1): {@code GET} with the URI's path and query, {@code Host} (with
     * the port unless it is the scheme's default), {@code Upgrade: websocket}, {@code Connection: Upgrade},
     * {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version: 13}, {@code Sec-WebSocket-Protocol} and
     * {@code Sec-WebSocket-Extensions} when offered, then the extra headers. For hixie-76 the 8-byte body
     * follows the head (see {@link #forVersion}).
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
        return validate(response, null);
    }

    /**
     * Checks the server's response as {@link #validate(HttpResponseHead)} does, in the form of this handshake's
     * version. For hixie (draft-76 section 4.1 and draft-75 section 4.1): status 101; {@code Upgrade} exactly
     * {@code WebSocket} (ASCII case-insensitive) and {@code Connection} listing {@code Upgrade}; the origin header
     * ({@code Sec-WebSocket-Origin}, hixie-75: {@code WebSocket-Origin}) equal to the origin sent; the location
     * header equal to the URL asked for; the subprotocol header, when present, equal to the one offered; for
     * hixie-76, {@code body} equal to the MD5 answer to the challenge sent.
     *
     * @param body hixie-76: the {@link #responseBodyLength()} bytes that followed the head; otherwise null or empty
     * @throws HandshakeException as {@link #validate(HttpResponseHead)}
     */
    public Result validate(HttpResponseHead response, ByteBuffer body) throws HandshakeException {
        if (response.status() != 101) {
            throw HandshakeException.unexpectedStatus(response);
        }
        if (version.usesHixieFraming()) {
            return validateHixie(response.headers(), body);
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
        return new Result(chosenSubprotocol(headers, subprotocols, RFC_6455),
                acceptedExtensions(headers, extensionOffer, RFC_6455), headers);
    }

    private Result validateHixie(HttpHeaders headers, ByteBuffer body) throws HandshakeException {
        String draft = " (" + version.label() + " section 4.1)";
        List<String> upgrade = headers.tokens("Upgrade");
        if (upgrade.size() != 1 || !HttpSyntax.equalsIgnoreAsciiCase(upgrade.get(0), "WebSocket")) {
            throw HandshakeException.invalidResponse("Upgrade is " + joinedQuoted(headers, "Upgrade")
                    + ", not WebSocket" + draft);
        }
        if (!headers.containsToken("Connection", "Upgrade")) {
            throw HandshakeException.invalidResponse("Connection is " + joinedQuoted(headers, "Connection")
                    + ", without Upgrade" + draft);
        }
        String prefix = version == ProtocolVersion.HIXIE_76 ? "Sec-WebSocket-" : "WebSocket-";
        List<String> origins = headers.all(prefix + "Origin");
        if (origins.size() != 1 || !origins.get(0).equals(origin)) {
            throw HandshakeException.invalidResponse(prefix + "Origin is " + joinedQuoted(headers, prefix + "Origin")
                    + ", expected " + HttpSyntax.quote(origin) + draft);
        }
        List<String> locations = headers.all(prefix + "Location");
        if (locations.size() != 1 || !locations.get(0).equals(location)) {
            throw HandshakeException.invalidResponse(prefix + "Location is " + joinedQuoted(headers,
                    prefix + "Location") + ", expected " + HttpSyntax.quote(location) + draft);
        }
        List<String> protocols = headers.all(prefix + "Protocol");
        String subprotocol = null;
        if (!protocols.isEmpty()) {
            if (protocols.size() != 1 || !subprotocols.contains(protocols.get(0))) {
                throw HandshakeException.invalidResponse("server chose subprotocol " + joinedQuoted(headers,
                        prefix + "Protocol") + ", offered " + subprotocols + draft);
            }
            subprotocol = protocols.get(0);
        }
        int length = body == null ? 0 : body.remaining();
        if (length != version.responseBodyLength()) {
            throw HandshakeException.invalidResponse(length + " bytes after the response head, expected "
                    + version.responseBodyLength() + draft);
        }
        if (expectedAnswer != null) {
            byte[] answer = new byte[length];
            body.get(body.position(), answer);
            if (!MessageDigest.isEqual(answer, expectedAnswer)) {
                throw HandshakeException.invalidResponse("the 16-byte answer does not match the challenge" + draft);
            }
        }
        return new Result(subprotocol, null, headers);
    }

    @Override
    public String toString() {
        return "ClientHandshake[" + version + ", " + uri + (key.isEmpty() ? "" : ", key=" + key) + ", subprotocols="
                + subprotocols + ", extensions=" + extensionOffer + "]";
    }

    /** Where a request goes: its request-target (path and query), its {@code Host} value, ws or wss. */
    record Target(String target, String host, String scheme) {
    }

    /**
     * The request-target, {@code Host} (the port omitted when it is the scheme's default, as browsers do) and
     * scheme of a WebSocket URI.
     *
     * @throws IllegalArgumentException if {@code uri} is not a ws:// or wss:// URI with a host and without user
     *                                  info or fragment (RFC 6455 section 3)
     */
    static Target target(URI uri) {
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
        return new Target(target, host, defaultPort == 443 ? "wss" : "ws");
    }

    private byte[] buildRequest(HttpHeaders extra) {
        Target t = target(uri);
        HeadWriter out = new HeadWriter("GET " + t.target() + " HTTP/1.1")
                .header("Host", t.host())
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Key", key)
                .header("Sec-WebSocket-Version", Integer.toString(version.number()));
        if (!subprotocols.isEmpty()) {
            out.header("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        }
        if (extensionOffer != null) {
            out.header("Sec-WebSocket-Extensions", extensionOffer);
        }
        if (version != ProtocolVersion.RFC_6455 && extra != null && extra.contains("Origin")) {
            // hybi-07/08 section 4.1: the origin goes in Sec-WebSocket-Origin.
            out.header("Sec-WebSocket-Origin", extra.first("Origin"));
            extra = without(extra, "Origin");
        }
        return bytes(out.headers(extra).finish());
    }

    /** draft-hixie-thewebsocketprotocol-76 / -75 section 4.1, the fields in the order of the drafts' examples. */
    private byte[] buildHixieRequest(HttpHeaders extra, RandomGenerator random) {
        Target t = target(uri);
        this.origin = extra != null && extra.contains("Origin") ? extra.first("Origin")
                : (t.scheme().equals("wss") ? "https://" : "http://") + t.host();
        this.location = t.scheme() + "://" + t.host() + t.target();
        HeadWriter out = new HeadWriter("GET " + t.target() + " HTTP/1.1")
                .header("Upgrade", "WebSocket")
                .header("Connection", "Upgrade")
                .header("Host", t.host())
                .header("Origin", origin);
        boolean v76 = version == ProtocolVersion.HIXIE_76;
        if (!subprotocols.isEmpty()) {
            out.header(v76 ? "Sec-WebSocket-Protocol" : "WebSocket-Protocol", subprotocols.get(0));
        }
        byte[] body = new byte[0];
        if (v76) {
            HixieKeys.Key key1 = HixieKeys.generate(random);
            HixieKeys.Key key2 = HixieKeys.generate(random);
            body = new byte[HixieKeys.KEY3_LENGTH];
            random.nextBytes(body);
            this.expectedAnswer = HixieKeys.answer(key1.number(), key2.number(), body);
            out.header("Sec-WebSocket-Key1", key1.text())
                    .header("Sec-WebSocket-Key2", key2.text())
                    .header("Content-Length", Integer.toString(body.length));
        }
        return bytes(out.headers(without(extra, "Origin")).finish(body));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return array;
    }

    /** {@code headers} without the lines named {@code name}; null stays null. */
    private static HttpHeaders without(HttpHeaders headers, String name) {
        if (headers == null) {
            return null;
        }
        HttpHeaders out = new HttpHeaders();
        headers.forEach((n, v) -> {
            if (!HttpSyntax.equalsIgnoreAsciiCase(n, name)) {
                out.add(n, v);
            }
        });
        return out;
    }

    /** RFC 6455 section 4.1 item 10: distinct tokens. */
    static List<String> checkSubprotocols(List<String> subprotocols) {
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

    /** An extension offer to send: null, or a non-blank value without control characters. */
    static String checkExtensionOffer(String extensionOffer) {
        if (extensionOffer != null
                && (HttpSyntax.trimWhitespace(extensionOffer).isEmpty() || !HttpSyntax.isFieldValue(extensionOffer))) {
            throw new IllegalArgumentException("extension offer is blank or has a control character");
        }
        return extensionOffer;
    }

    /**
     * RFC 6455 section 4.1: the server's subprotocol, if any, must be one that was offered; null for none.
     *
     * @param citation the rule's source for the message, such as {@code RFC 6455 section 4.1}
     */
    static String chosenSubprotocol(HttpHeaders headers, List<String> offered, String citation)
            throws HandshakeException {
        List<String> lines = headers.all("Sec-WebSocket-Protocol");
        if (lines.isEmpty()) {
            return null;
        }
        if (lines.size() != 1 || !offered.contains(lines.get(0))) {
            throw HandshakeException.invalidResponse("server chose subprotocol " + joinedQuoted(headers,
                    "Sec-WebSocket-Protocol") + ", offered " + offered + " (" + citation + ")");
        }
        return lines.get(0);
    }

    /**
     * RFC 6455 section 4.1: extensions in use must have been offered; the negotiation layer checks which.
     * Returns the answer's lines joined by ", ", or null for none.
     *
     * @param offer    the offer sent, or null
     * @param citation the rule's source for the message, such as {@code RFC 6455 section 4.1}
     */
    static String acceptedExtensions(HttpHeaders headers, String offer, String citation) throws HandshakeException {
        if (headers.tokens("Sec-WebSocket-Extensions").isEmpty()) {
            return null;
        }
        if (offer == null) {
            throw HandshakeException.invalidResponse("server answered Sec-WebSocket-Extensions "
                    + joinedQuoted(headers, "Sec-WebSocket-Extensions") + " but none was offered (" + citation + ")");
        }
        return String.join(", ", headers.all("Sec-WebSocket-Extensions").stream()
                .filter(line -> !HttpSyntax.trimWhitespace(line).isEmpty()).toList());
    }

    private static String joinedQuoted(HttpHeaders headers, String name) {
        List<String> lines = headers.all(name);
        return lines.isEmpty() ? "missing" : HttpSyntax.quote(String.join(", ", lines));
    }
}
