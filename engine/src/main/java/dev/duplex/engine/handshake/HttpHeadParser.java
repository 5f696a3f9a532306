package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental, bounded reader of one HTTP/1.x head (RFC 9112 sections 2 to 5): a request head for a server,
 * a response head for a client. Feed it bytes as they arrive; it keeps its place between calls, so any split
 * of the input gives the same result, and it consumes nothing past the empty line that ends the head (what
 * follows belongs to the WebSocket connection).
 * <p>Lines end with CRLF; a bare LF is accepted too (RFC 9112 section 2.2), a bare CR is not. Bytes are read
 * as ISO-8859-1. Refused, with the statuses a server answers with:
 * <ul>
 *   <li>400: a malformed start line, a header line without a colon or with whitespace before it (RFC 9112
 *       section 5.1), a name that is not a token, a control character in a value, obs-fold (section 5.2);</li>
 *   <li>505: a version that is not {@code HTTP/1.x};</li>
 *   <li>414: a request line longer than {@link HeadLimits#maxLineLength()};</li>
 *   <li>431: a header line over that limit, more than {@link HeadLimits#maxHeaderCount()} header lines, or a
 *       head over {@link HeadLimits#maxHeaderBytes()}. The parser fails on the first byte past a limit, without
 *       consuming or buffering it.</li>
 * </ul>
 * A response parser throws {@link HandshakeException#invalidResponse} (status 0) for the same faults, since
 * the server did not answer with those statuses. After a failure the parser is terminal: every later call
 * throws the same exception. Leading empty lines before a request line are ignored (RFC 9112 section 2.2).
 * <p>Not thread-safe; one per connection.
 */
public final class HttpHeadParser {
    private static final int INITIAL_LINE_CAPACITY = 256;

    private enum State { START_LINE, HEADERS, DONE, FAILED }

    private final boolean requests;
    private final HeadLimits limits;
    private final HttpHeaders headers = new HttpHeaders();
    private byte[] line;
    private int lineLength;
    private boolean sawCr;
    private int consumed;
    private State state = State.START_LINE;
    private HandshakeException failure;
    private HttpRequestHead request;
    private HttpResponseHead response;

    private HttpHeadParser(boolean requests, HeadLimits limits) {
        this.requests = requests;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.line = new byte[Math.min(INITIAL_LINE_CAPACITY, limits.maxLineLength())];
    }

    /** A parser of one request head ({@code GET /chat HTTP/1.1} ...), for a server. */
    public static HttpHeadParser forRequests(HeadLimits limits) {
        return new HttpHeadParser(true, limits);
    }

    /** A parser of one response head ({@code HTTP/1.1 101 Switching Protocols} ...), for a client. */
    public static HttpHeadParser forResponses(HeadLimits limits) {
        return new HttpHeadParser(false, limits);
    }

    /** Whether no byte has been read yet (a server looks at the first bytes for another protocol's preface). */
    public boolean isFresh() {
        return consumed == 0 && state == State.START_LINE && lineLength == 0;
    }

    /**
     * Reads from {@code in} until the head is complete or {@code in} is empty.
     *
     * @return true once the head is complete; {@code in} is then positioned just after it. Later calls return
     *         true and consume nothing.
     * @throws HandshakeException if the head is malformed or over a limit (see the class description)
     */
    public boolean parse(ByteBuffer in) throws HandshakeException {
        if (state == State.DONE) {
            return true;
        }
        if (state == State.FAILED) {
            throw failure;
        }
        try {
            while (in.hasRemaining()) {
                int b = in.get(in.position()) & 0xFF;
                check(b);
                in.position(in.position() + 1);
                consumed++;
                if (b == '\n') {
                    sawCr = false;
                    if (lineEnded()) {
                        state = State.DONE;
                        line = null;
                        return true;
                    }
                } else if (b == '\r') {
                    sawCr = true;
                } else {
                    append(b);
                }
            }
            return false;
        } catch (HandshakeException e) {
            state = State.FAILED;
            failure = e;
            line = null;
            throw e;
        }
    }

    /**
     * The request head.
     *
     * @throws IllegalStateException unless this is a request parser whose {@link #parse} returned true
     */
    public HttpRequestHead request() {
        if (!requests || state != State.DONE) {
            throw new IllegalStateException("no complete request head: " + this);
        }
        return request;
    }

    /**
     * The response head.
     *
     * @throws IllegalStateException unless this is a response parser whose {@link #parse} returned true
     */
    public HttpResponseHead response() {
        if (requests || state != State.DONE) {
            throw new IllegalStateException("no complete response head: " + this);
        }
        return response;
    }

    /** Whether the head is complete. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** The capacity of the line buffer: it never grows past the line limit. */
    int bufferedCapacity() {
        return line == null ? 0 : line.length;
    }

    @Override
    public String toString() {
        return "HttpHeadParser[" + (requests ? "request" : "response") + ", state=" + state + ", consumed="
                + consumed + ", headers=" + headers.size() + ", lineLength=" + lineLength + "]";
    }

    /** Refuses byte {@code b} before it is consumed if it breaks a limit or follows a bare CR. */
    private void check(int b) throws HandshakeException {
        if (consumed == limits.maxHeaderBytes()) {
            throw tooLarge("head is longer than " + limits.maxHeaderBytes() + " bytes");
        }
        if (sawCr) {
            if (b != '\n') {
                throw malformed("CR not followed by LF (RFC 9112 section 2.2)");
            }
            return;
        }
        if (b == '\n' || b == '\r') {
            return;
        }
        if (lineLength == limits.maxLineLength()) {
            if (state == State.START_LINE) {
                throw requests
                        ? HandshakeException.uriTooLong("request line is longer than " + lineLength + " bytes")
                        : HandshakeException.invalidResponse("status line is longer than " + lineLength + " bytes");
            }
            throw tooLarge("header line is longer than " + lineLength + " bytes");
        }
        if (state == State.HEADERS && lineLength == 0 && headers.size() == limits.maxHeaderCount()) {
            throw tooLarge("more than " + limits.maxHeaderCount() + " header lines");
        }
    }

    private void append(int b) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(line.length * 2, limits.maxLineLength()));
        }
        line[lineLength++] = (byte) b;
    }

    /** Handles the line just ended; returns true if it was the empty line that ends the head. */
    private boolean lineEnded() throws HandshakeException {
        String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        if (state == State.START_LINE) {
            if (text.isEmpty() && requests) {
                return false;
            }
            if (requests) {
                request = parseRequestLine(text);
            } else {
                response = parseStatusLine(text);
            }
            state = State.HEADERS;
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        parseHeaderLine(text);
        return false;
    }

    /** {@code request-line = method SP request-target SP HTTP-version} (RFC 9112 section 3). */
    private HttpRequestHead parseRequestLine(String text) throws HandshakeException {
        int sp1 = text.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
        if (sp2 < 0 || text.indexOf(' ', sp2 + 1) >= 0) {
            throw malformed("request line is not \"method target version\": " + HttpSyntax.quote(text));
        }
        String method = text.substring(0, sp1);
        String target = text.substring(sp1 + 1, sp2);
        String version = text.substring(sp2 + 1);
        if (!HttpSyntax.isToken(method)) {
            throw malformed("method is not a token: " + HttpSyntax.quote(method));
        }
        if (target.isEmpty() || !target.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw malformed("invalid request-target " + HttpSyntax.quote(target));
        }
        checkVersion(version);
        return new HttpRequestHead(method, target, version, headers);
    }

    /** {@code status-line = HTTP-version SP status-code SP [ reason-phrase ]} (RFC 9112 section 4). */
    private HttpResponseHead parseStatusLine(String text) throws HandshakeException {
        int sp = text.indexOf(' ');
        if (sp < 0) {
            throw malformed("status line is not \"version status reason\": " + HttpSyntax.quote(text));
        }
        checkVersion(text.substring(0, sp));
        String rest = text.substring(sp + 1);
        // The SP before an empty reason phrase is required, but its absence is common and harmless.
        if (rest.length() < 3 || rest.length() > 3 && rest.charAt(3) != ' '
                || !rest.chars().limit(3).allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed("invalid status code in " + HttpSyntax.quote(text));
        }
        int status = Integer.parseInt(rest.substring(0, 3));
        if (status < 100 || status > 599) {
            throw malformed("status code out of range in " + HttpSyntax.quote(text));
        }
        String reason = rest.length() > 3 ? rest.substring(4) : "";
        if (!HttpSyntax.isFieldValue(reason)) {
            throw malformed("control character in reason phrase " + HttpSyntax.quote(reason));
        }
        return new HttpResponseHead(text.substring(0, sp), status, reason, headers);
    }

    /** {@code HTTP-version = "HTTP/" DIGIT "." DIGIT}, case-sensitive (RFC 9112 section 2.3); major version 1. */
    private void checkVersion(String version) throws HandshakeException {
        if (version.length() != 8 || !version.startsWith("HTTP/") || version.charAt(6) != '.'
                || !isDigit(version.charAt(5)) || !isDigit(version.charAt(7))) {
            throw malformed("invalid HTTP version " + HttpSyntax.quote(version));
        }
        if (version.charAt(5) != '1') {
            throw requests
                    ? HandshakeException.versionNotSupported("HTTP version " + HttpSyntax.quote(version))
                    : HandshakeException.invalidResponse("HTTP version " + HttpSyntax.quote(version));
        }
    }

    /** {@code field-line = field-name ":" OWS field-value OWS} (RFC 9112 section 5). */
    private void parseHeaderLine(String text) throws HandshakeException {
        if (HttpSyntax.isWhitespace(text.charAt(0))) {
            throw malformed("obs-fold line continuation is not accepted (RFC 9112 section 5.2)");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw malformed("header line without a colon: " + HttpSyntax.quote(text));
        }
        String name = text.substring(0, colon);
        if (name.isEmpty()) {
            throw malformed("header line with an empty name: " + HttpSyntax.quote(text));
        }
        if (HttpSyntax.isWhitespace(name.charAt(name.length() - 1))) {
            throw malformed("whitespace before the colon of header " + HttpSyntax.quote(name)
                    + " (RFC 9112 section 5.1)");
        }
        if (!HttpSyntax.isToken(name)) {
            throw malformed("header name is not a token: " + HttpSyntax.quote(name));
        }
        String value = HttpSyntax.trimWhitespace(text.substring(colon + 1));
        if (!HttpSyntax.isFieldValue(value)) {
            throw malformed("control character in the value of header " + name);
        }
        headers.add(name, value);
    }

    private HandshakeException malformed(String detail) {
        return requests ? HandshakeException.badRequest(detail) : HandshakeException.invalidResponse(detail);
    }

    private HandshakeException tooLarge(String detail) {
        return requests ? HandshakeException.headersTooLarge(detail) : HandshakeException.invalidResponse(detail);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
