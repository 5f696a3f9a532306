package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test helpers: heads written as text, parsed in one piece or byte by byte. */
final class Heads {
    /** The RFC 6455 section 1.3 example key. */
    static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** Its accept value, also from section 1.3. */
    static final String SAMPLE_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private Heads() {
    }

    /** The lines joined by CRLF, followed by the empty line. */
    static String head(String... lines) {
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    /** A valid version 13 request for {@code /chat}, with {@code extraLines} appended. */
    static String request(String... extraLines) {
        StringBuilder out = new StringBuilder("GET /chat HTTP/1.1\r\n")
                .append("Host: server.example.com\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: " + SAMPLE_KEY + "\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String line : extraLines) {
            out.append(line).append("\r\n");
        }
        return out.append("\r\n").toString();
    }

    static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static HttpRequestHead parseRequest(String text) throws HandshakeException {
        HttpHeadParser parser = HttpHeadParser.forRequests(HeadLimits.defaults());
        if (!parser.parse(bytes(text))) {
            throw new AssertionError("head not complete: " + parser);
        }
        return parser.request();
    }

    static HttpResponseHead parseResponse(String text) throws HandshakeException {
        HttpHeadParser parser = HttpHeadParser.forResponses(HeadLimits.defaults());
        if (!parser.parse(bytes(text))) {
            throw new AssertionError("head not complete: " + parser);
        }
        return parser.response();
    }

    static OpeningRequest validate(String text) throws HandshakeException {
        return ServerHandshake.validate(parseRequest(text));
    }

    static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
