package dev.duplex.engine.handshake;

/**
 * A failed opening handshake.
 * <p>On the server side it is the refusal to send: {@link #status()} and {@link #reason()} form the status line,
 * {@link #headers()} are extra response headers (such as {@code Sec-WebSocket-Version: 13} with 426), and
 * {@link ServerHandshake#reject} turns it into a complete response.
 * <p>On the client side {@link #status()} is the status the server answered with when it was not 101 (with the
 * server's reason phrase and headers, for instance {@code Location} on a redirect), or 0 when the failure is
 * not an HTTP status: a malformed response head, or a 101 that breaks a rule of RFC 6455 section 4.1.
 * <p>{@link #getMessage()} is one line for a log, such as {@code 400 Bad Request: Sec-WebSocket-Key is missing};
 * peer-supplied values in it are quoted and escaped. Stack traces are not filled in: hostile input must not be
 * able to make failures expensive.
 */
public final class HandshakeException extends Exception {
    private final int status;
    private final String reason;
    private final String detail;
    private final transient HttpHeaders headers;

    /**
     * A failure answered with {@code status} and its standard reason phrase.
     *
     * @param status 100-599, or 0 when the failure is not an HTTP status
     * @param detail what was wrong, in a few words
     */
    public HandshakeException(int status, String detail) {
        this(status, HttpStatus.reasonPhrase(status), detail, new HttpHeaders());
    }

    /**
     * A failure answered with {@code status}, its standard reason phrase and extra response headers.
     *
     * @param status  100-599, or 0 when the failure is not an HTTP status
     * @param detail  what was wrong, in a few words
     * @param headers extra headers of the response (copied), or null for none
     */
    public HandshakeException(int status, String detail, HttpHeaders headers) {
        this(status, HttpStatus.reasonPhrase(status), detail, headers);
    }

    private HandshakeException(int status, String reason, String detail, HttpHeaders headers) {
        super(message(status, reason, detail), null, false, false);
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        this.status = status;
        this.reason = reason;
        this.detail = detail;
        this.headers = HttpHeaders.copyOf(headers);
    }

    /** 400 Bad Request: the request breaks a rule of HTTP/1.1 or RFC 6455 section 4.2.1. */
    public static HandshakeException badRequest(String detail) {
        return new HandshakeException(400, detail);
    }

    /** 403 Forbidden: for instance a refused {@code Origin} (RFC 6455 section 4.2.2 and 10.2). */
    public static HandshakeException forbidden(String detail) {
        return new HandshakeException(403, detail);
    }

    /** 405 Method Not Allowed with {@code Allow: GET} (RFC 9110 section 15.5.6; RFC 6455 section 4.2.1 item 1). */
    public static HandshakeException methodNotAllowed(String method) {
        return new HandshakeException(405, "method " + HttpSyntax.quote(method) + " is not GET",
                new HttpHeaders().add("Allow", "GET"));
    }

    /** 414 URI Too Long: the request line is longer than the limit (RFC 9112 section 3). */
    public static HandshakeException uriTooLong(String detail) {
        return new HandshakeException(414, detail);
    }

    /**
     * 426 Upgrade Required with {@code Sec-WebSocket-Version: 13} (RFC 6455 section 4.2.2 and 4.4) and
     * {@code Upgrade: websocket} (RFC 9110 section 15.5.22): the client asked for another protocol version.
     */
    public static HandshakeException upgradeRequired(String detail) {
        return new HandshakeException(426, detail,
                new HttpHeaders().add("Upgrade", "websocket").add("Sec-WebSocket-Version", "13"));
    }

    /** 431 Request Header Fields Too Large: a header line, the header count or the head is over its limit. */
    public static HandshakeException headersTooLarge(String detail) {
        return new HandshakeException(431, detail);
    }

    /** 505 HTTP Version Not Supported: a major version other than 1 (RFC 9110 section 15.6.6). */
    public static HandshakeException versionNotSupported(String detail) {
        return new HandshakeException(505, detail);
    }

    /** Client side: the server answered {@code response} instead of 101 (RFC 6455 section 4.1). */
    public static HandshakeException unexpectedStatus(HttpResponseHead response) {
        return new HandshakeException(response.status(), response.reason(),
                "server answered " + response.status() + " instead of 101 Switching Protocols", response.headers());
    }

    /** Client side: the response is malformed or breaks RFC 6455 section 4.1; {@link #status()} is 0. */
    public static HandshakeException invalidResponse(String detail) {
        return new HandshakeException(0, "", detail, null);
    }

    /** The HTTP status: to answer with (server side), answered by the server (client side), or 0. */
    public int status() {
        return status;
    }

    /** The reason phrase of {@link #status()}; empty when the status is 0. */
    public String reason() {
        return reason;
    }

    /** What was wrong, without the status: the body of the error response. */
    public String detail() {
        return detail;
    }

    /** Extra response headers (server side) or the server's response headers (client side); may be empty. */
    public HttpHeaders headers() {
        return headers;
    }

    private static String message(int status, String reason, String detail) {
        if (status == 0) {
            return "WebSocket handshake failed: " + detail;
        }
        return status + (reason.isEmpty() ? "" : " " + HttpSyntax.escape(reason)) + ": " + detail;
    }
}
