package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The server side of the opening handshake (RFC 6455 section 4.2): checks a request head, then writes the
 * 101 answer or an error response. The caller reads the head with {@link HttpHeadParser#forRequests}, calls
 * {@link #validate}, applies its own policies (path routing, {@link OriginPolicy}: 403 on refusal), chooses a
 * subprotocol and extensions, and sends {@link #accept} or {@link #reject}. After a reject the connection is
 * closed.
 * <p>Legacy protocol versions ({@link ProtocolVersion}) are variants of the same handshake:
 * {@link #validate(HttpRequestHead, Set)} detects the version of a request and refuses those not enabled, and
 * {@link #accept(OpeningRequest, String, String, HttpHeaders, boolean, ByteBuffer)} answers each in its own form.
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
        return validate(request, null);
    }

    /**
     * Detects the protocol version of a request, refuses it unless it is in {@code enabled}, and checks it as
     * that version requires. The checks of {@link #validate(HttpRequestHead)} come first (method, HTTP version,
     * target, {@code Host}, body, {@code Upgrade}, {@code Connection}); then the version is read from the head:
     * <table>
     *   <caption>Detection</caption>
     *   <tr><th>request</th><th>version</th><th>when not enabled</th></tr>
     *   <tr><td>{@code Sec-WebSocket-Version: 13}</td><td>{@link ProtocolVersion#RFC_6455}</td><td>(always
     *       enabled)</td></tr>
     *   <tr><td>{@code Sec-WebSocket-Version: 8} or {@code 7}</td><td>{@link ProtocolVersion#HYBI_08},
     *       {@link ProtocolVersion#HYBI_07}: RFC 6455 checks, the origin in {@code Sec-WebSocket-Origin} (or
     *       {@code Origin})</td><td>426 with {@code Sec-WebSocket-Version} listing the enabled ones</td></tr>
     *   <tr><td>another version</td><td>-</td><td>426, the same</td></tr>
     *   <tr><td>no version, {@code Sec-WebSocket-Key1} and {@code Key2}</td><td>{@link ProtocolVersion#HIXIE_76}:
     *       each key must hide a 32-bit number times its count of spaces (else 400); the request may announce
     *       its 8-byte body with {@code Content-Length: 8}</td><td>400 "hixie-76 is disabled on this
     *       server"</td></tr>
     *   <tr><td>no version, no key, an {@code Origin}</td><td>{@link ProtocolVersion#HIXIE_75}</td>
     *       <td>400 "hixie-75 is disabled on this server"</td></tr>
     *   <tr><td>no version otherwise</td><td>-</td><td>426</td></tr>
     * </table>
     * The result's {@link OpeningRequest#version()} is the version's {@link ProtocolVersion#number() number}
     * (13, 8, 7, 76, 75; {@link ProtocolVersion#of(OpeningRequest)} maps it back); its {@code key} is empty for
     * hixie versions, its {@code extensionOffers} are empty for them, and its subprotocols come from
     * {@code Sec-WebSocket-Protocol} (hixie-76) or {@code WebSocket-Protocol} (hixie-75), one at most. For
     * hixie-76 the caller then reads the 8-byte body ({@link ProtocolVersion#requestBodyLength()}) before
     * answering.
     *
     * @param enabled the versions this server speaks; must contain {@link ProtocolVersion#RFC_6455}
     * @throws HandshakeException with the status to answer (see {@link #reject})
     * @throws IllegalArgumentException if {@code enabled} lacks RFC 6455
     */
    public static OpeningRequest validate(HttpRequestHead request, Set<ProtocolVersion> enabled)
            throws HandshakeException {
        if (enabled != null && !enabled.contains(ProtocolVersion.RFC_6455)) {
            throw new IllegalArgumentException("RFC 6455 cannot be disabled: " + enabled);
        }
        HttpHeaders headers = request.headers();
        if (!request.method().equals("GET")) {
            throw HandshakeException.methodNotAllowed(request.method());
        }
        if (!isHttp11OrLater(request.version())) {
            throw HandshakeException.badRequest("HTTP/1.1 or later is required, not " + request.version());
        }
        RequestTarget target = RequestTarget.parse(request.target());
        String host = checkHost(headers, target);
        ProtocolVersion hixie = enabled == null ? null : hixieShape(headers);
        checkNoBody(headers, hixie == null ? 0 : hixie.requestBodyLength());
        if (!headers.containsToken("Upgrade", "websocket")) {
            throw HandshakeException.badRequest("Upgrade does not list websocket: "
                    + HttpSyntax.quote(String.join(", ", headers.all("Upgrade"))));
        }
        if (!headers.containsToken("Connection", "Upgrade")) {
            throw HandshakeException.badRequest("Connection does not list Upgrade: "
                    + HttpSyntax.quote(String.join(", ", headers.all("Connection"))));
        }
        if (hixie != null) {
            return validateHixie(request, target, host, hixie, enabled);
        }
        int version = checkVersion(headers, enabled);
        String key = single(headers, "Sec-WebSocket-Key");
        if (!WebSocketKey.isValid(key)) {
            throw HandshakeException.badRequest("Sec-WebSocket-Key is not the base64 of 16 bytes: "
                    + HttpSyntax.quote(key));
        }
        String origin = version == SUPPORTED_VERSION ? null : origin(headers, "Sec-WebSocket-Origin");
        if (origin == null) {
            origin = origin(headers, "Origin");
        }
        return new OpeningRequest(request, target.path(), target.query(), key, version, origin, host,
                checkSubprotocols(headers, "Sec-WebSocket-Protocol"), headers.all("Sec-WebSocket-Extensions"));
    }

    /** At most one line named {@code name} (400 if repeated): its value, or null. */
    static String origin(HttpHeaders headers, String name) throws HandshakeException {
        List<String> origins = headers.all(name);
        if (origins.size() > 1) {
            throw HandshakeException.badRequest(name + " is repeated");
        }
        return origins.isEmpty() ? null : origins.get(0);
    }

    /**
     * The hixie version a request without {@code Sec-WebSocket-Version} has the shape of: keys make it hixie-76,
     * an {@code Origin} without any key hixie-75; else null (an RFC 6455 request missing its version).
     */
    private static ProtocolVersion hixieShape(HttpHeaders headers) {
        if (headers.contains("Sec-WebSocket-Version")) {
            return null;
        }
        if (headers.contains("Sec-WebSocket-Key1") || headers.contains("Sec-WebSocket-Key2")) {
            return ProtocolVersion.HIXIE_76;
        }
        if (!headers.contains("Sec-WebSocket-Key") && headers.contains("Origin")) {
            return ProtocolVersion.HIXIE_75;
        }
        return null;
    }

    /** draft-hixie-thewebsocketprotocol-76 section 5.2 / -75 section 5.1, once the common checks passed. */
    private static OpeningRequest validateHixie(HttpRequestHead request, RequestTarget target, String host,
                                                ProtocolVersion version, Set<ProtocolVersion> enabled)
            throws HandshakeException {
        if (!enabled.contains(version)) {
            throw new HandshakeException(400, version.label() + " is disabled on this server; it speaks "
                    + supportedList(enabled), new HttpHeaders().add("Sec-WebSocket-Version", versionHeader(enabled)));
        }
        HttpHeaders headers = request.headers();
        if (version == ProtocolVersion.HIXIE_76) {
            HixieKeys.parse("Sec-WebSocket-Key1", single(headers, "Sec-WebSocket-Key1"));
            HixieKeys.parse("Sec-WebSocket-Key2", single(headers, "Sec-WebSocket-Key2"));
        }
        String protocolHeader = version == ProtocolVersion.HIXIE_76 ? "Sec-WebSocket-Protocol" : "WebSocket-Protocol";
        List<String> protocols = headers.all(protocolHeader);
        if (protocols.size() > 1) {
            throw HandshakeException.badRequest(protocolHeader + " is repeated");
        }
        if (!protocols.isEmpty() && !HttpSyntax.isToken(protocols.get(0))) {
            throw HandshakeException.badRequest(protocolHeader + " is not a token: " + HttpSyntax.quote(protocols.get(0)));
        }
        return new OpeningRequest(request, target.path(), target.query(), "", version.number(),
                origin(headers, "Origin"), host, protocols, List.of());
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
     *                                  control character, {@code extra} repeats a header written here, or
     *                                  {@code offer} came over HTTP/2 ({@link Rfc8441Handshake#validate})
     */
    public static ByteBuffer accept(OpeningRequest offer, String subprotocol, String extensions, HttpHeaders extra) {
        ProtocolVersion version = versionOf(offer);
        if (version.usesHixieFraming()) {
            throw new IllegalArgumentException("a " + version.label() + " handshake is answered with "
                    + "accept(offer, subprotocol, extensions, extra, secure, body)");
        }
        return accept(offer, subprotocol, extensions, extra, false, null);
    }

    /**
     * The response that completes the handshake of any {@link ProtocolVersion}:
     * <ul>
     *   <li>RFC 6455, hybi-08, hybi-07: the 101 of {@link #accept(OpeningRequest, String, String, HttpHeaders)};
     *       {@code secure} and {@code body} are not used.</li>
     *   <li>hixie-76 (draft section 5.2): {@code HTTP/1.1 101 WebSocket Protocol Handshake}, {@code Upgrade:
     *       WebSocket}, {@code Connection: Upgrade}, {@code Sec-WebSocket-Origin} (the request's {@code Origin},
     *       when it had one), {@code Sec-WebSocket-Location} ({@code ws://} or {@code wss://}, the {@code Host} and
     *       the resource name), {@code Sec-WebSocket-Protocol} when chosen, {@code extra}, and after the head the
     *       16-byte MD5 answer to the keys and {@code body}.</li>
     *   <li>hixie-75 (draft section 5.2): {@code HTTP/1.1 101 Web Socket Protocol Handshake}, {@code Upgrade:
     *       WebSocket}, {@code Connection: Upgrade}, {@code WebSocket-Origin}, {@code WebSocket-Location},
     *       {@code WebSocket-Protocol} when chosen, in this order, then {@code extra}.</li>
     * </ul>
     *
     * @param offer       a request that passed {@link #validate(HttpRequestHead, Set)}
     * @param subprotocol the chosen subprotocol, one of {@code offer.subprotocols()}; null for none
     * @param extensions  the {@code Sec-WebSocket-Extensions} answer; null for none, and always null for hixie
     * @param extra       further headers, or null; must not set the headers above
     * @param secure      whether the connection is TLS: the scheme of the hixie {@code Location}
     * @param body        hixie-76: the 8 bytes that followed the request head ({@code key_3}); else null or empty
     * @return the response bytes, from position 0 to the limit
     * @throws IllegalArgumentException if the subprotocol was not offered, {@code extensions} is blank, has a
     *                                  control character or is given for hixie, {@code extra} repeats a header
     *                                  written here, {@code body} is not what the version needs, or {@code offer}
     *                                  came over HTTP/2 ({@link Rfc8441Handshake#validate})
     */
    public static ByteBuffer accept(OpeningRequest offer, String subprotocol, String extensions, HttpHeaders extra,
                                    boolean secure, ByteBuffer body) {
        if (Rfc8441Handshake.isHttp2(offer)) {
            throw new IllegalArgumentException("an HTTP/2 request (RFC 8441) is answered with Rfc8441Handshake.accept");
        }
        ProtocolVersion version = versionOf(offer);
        if (version.usesHixieFraming()) {
            return acceptHixie(offer, version, subprotocol, extensions, extra, secure, body);
        }
        if (body != null && body.hasRemaining()) {
            throw new IllegalArgumentException(version.label() + " has no request body");
        }
        checkChosen(offer, subprotocol, extensions);
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

    private static ByteBuffer acceptHixie(OpeningRequest offer, ProtocolVersion version, String subprotocol,
                                          String extensions, HttpHeaders extra, boolean secure, ByteBuffer body) {
        checkChosen(offer, subprotocol, null);
        if (extensions != null) {
            throw new IllegalArgumentException(version.label() + " has no extensions");
        }
        boolean v76 = version == ProtocolVersion.HIXIE_76;
        String prefix = v76 ? "Sec-WebSocket-" : "WebSocket-";
        HeadWriter.refuseReserved(extra, "Upgrade", "Connection", prefix + "Origin", prefix + "Location",
                prefix + "Protocol");
        byte[] answer = new byte[0];
        if (v76) {
            if (body == null || body.remaining() != HixieKeys.KEY3_LENGTH) {
                throw new IllegalArgumentException("hixie-76 needs the 8 bytes that followed the request head, got "
                        + (body == null ? "none" : body.remaining()));
            }
            byte[] key3 = new byte[HixieKeys.KEY3_LENGTH];
            body.get(body.position(), key3);
            HttpHeaders headers = offer.head().headers();
            try {
                answer = HixieKeys.answer(HixieKeys.parse("Sec-WebSocket-Key1", headers.first("Sec-WebSocket-Key1")),
                        HixieKeys.parse("Sec-WebSocket-Key2", headers.first("Sec-WebSocket-Key2")), key3);
            } catch (HandshakeException | NullPointerException e) {
                throw new IllegalArgumentException("not a request that passed validate: " + e.getMessage());
            }
        } else if (body != null && body.hasRemaining()) {
            throw new IllegalArgumentException("hixie-75 has no request body");
        }
        String resource = offer.query() == null ? offer.path() : offer.path() + "?" + offer.query();
        HeadWriter out = new HeadWriter(v76 ? "HTTP/1.1 101 WebSocket Protocol Handshake"
                : "HTTP/1.1 101 Web Socket Protocol Handshake")
                .header("Upgrade", "WebSocket")
                .header("Connection", "Upgrade");
        if (offer.origin() != null) {
            out.header(prefix + "Origin", offer.origin());
        }
        out.header(prefix + "Location", (secure ? "wss://" : "ws://") + offer.host() + resource);
        if (subprotocol != null) {
            out.header(prefix + "Protocol", subprotocol);
        }
        return out.headers(extra).finish(answer);
    }

    /**
     * The server's choices must fit the offer: a subprotocol the client offered (RFC 6455 section 4.2.2 item 5),
     * an extensions answer that is not blank.
     *
     * @throws IllegalArgumentException if they do not
     */
    static void checkChosen(OpeningRequest offer, String subprotocol, String extensions) {
        if (subprotocol != null && !offer.subprotocols().contains(subprotocol)) {
            throw new IllegalArgumentException("subprotocol " + HttpSyntax.quote(subprotocol) + " was not offered: "
                    + offer.subprotocols());
        }
        if (extensions != null && HttpSyntax.trimWhitespace(extensions).isEmpty()) {
            throw new IllegalArgumentException("extensions answer is blank; pass null for none");
        }
    }

    /** The version of an accepted request; RFC 6455 for any number that is not a legacy one. */
    private static ProtocolVersion versionOf(OpeningRequest offer) {
        return switch (offer.version()) {
            case 8 -> ProtocolVersion.HYBI_08;
            case 7 -> ProtocolVersion.HYBI_07;
            case 76 -> ProtocolVersion.HIXIE_76;
            case 75 -> ProtocolVersion.HIXIE_75;
            default -> ProtocolVersion.RFC_6455;
        };
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
    private static void checkNoBody(HttpHeaders headers, int bodyLength) throws HandshakeException {
        if (headers.contains("Transfer-Encoding")) {
            throw HandshakeException.badRequest("an opening handshake has no body, but Transfer-Encoding is set");
        }
        if (bodyLength > 0) {
            // hixie-76: the 8-byte key_3 follows the head; proxies pass it only when it is announced.
            for (String length : headers.all("Content-Length")) {
                if (!length.equals(Integer.toString(bodyLength))) {
                    throw HandshakeException.badRequest("a hixie-76 handshake has an 8-byte body, but Content-Length"
                            + " is " + HttpSyntax.quote(length));
                }
            }
            return;
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
    private static int checkVersion(HttpHeaders headers, Set<ProtocolVersion> enabled) throws HandshakeException {
        List<String> lines = headers.all("Sec-WebSocket-Version");
        if (lines.isEmpty()) {
            throw upgradeRequired("Sec-WebSocket-Version is missing; this server speaks ", enabled);
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
        if (version == SUPPORTED_VERSION) {
            return version;
        }
        if (enabled != null && (version == 8 && enabled.contains(ProtocolVersion.HYBI_08)
                || version == 7 && enabled.contains(ProtocolVersion.HYBI_07))) {
            return version;
        }
        throw upgradeRequired("Sec-WebSocket-Version " + version + " is not supported; this server speaks ", enabled);
    }

    /** 426 naming the versions with a version header that are enabled (RFC 6455 section 4.4). */
    private static HandshakeException upgradeRequired(String detail, Set<ProtocolVersion> enabled) {
        if (enabled == null) {
            return HandshakeException.upgradeRequired(detail + SUPPORTED_VERSION);
        }
        String versions = versionHeader(enabled);
        return new HandshakeException(426, detail + versions,
                new HttpHeaders().add("Upgrade", "websocket").add("Sec-WebSocket-Version", versions));
    }

    /** The enabled versions that have a version header, newest first: {@code 13}, or {@code 13, 8, 7}. */
    private static String versionHeader(Set<ProtocolVersion> enabled) {
        StringJoiner out = new StringJoiner(", ");
        for (ProtocolVersion v : EnumSet.copyOf(enabled)) {
            if (v.hasVersionHeader()) {
                out.add(Integer.toString(v.number()));
            }
        }
        return out.toString();
    }

    /** The enabled versions by name: {@code RFC 6455, hybi-08, hixie-76}. */
    private static String supportedList(Set<ProtocolVersion> enabled) {
        StringJoiner out = new StringJoiner(", ");
        EnumSet.copyOf(enabled).forEach(v -> out.add(v.label()));
        return out.toString();
    }

    /**
     * RFC 6455 section 4.1 item 10 and 4.2.1 item 8: a comma-separated list of distinct tokens. A semicolon
     * is read as a separator too: it can never be part of a token, and Java-WebSocket 1.6 joins its
     * subprotocols with "; ".
     */
    static List<String> checkSubprotocols(HttpHeaders headers, String name) throws HandshakeException {
        List<String> offered = new ArrayList<>();
        for (String element : headers.tokens(name)) {
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
                throw HandshakeException.badRequest(name + " element is not a token: " + HttpSyntax.quote(protocol));
            }
            if (!seen.add(protocol)) {
                throw HandshakeException.badRequest(name + " repeats " + HttpSyntax.quote(protocol));
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
