package dev.duplex.http2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static dev.duplex.http2.ErrorCode.PROTOCOL_ERROR;

/**
 * The client connection preface (RFC 9113 section 3.4): the 24 octets
 * {@code "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"}, matched by a server incrementally across any split of the input.
 * Either side's preface continues with a SETTINGS frame, which the connection checks.
 */
final class ConnectionPreface {
    static final byte[] CLIENT = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private int matched;

    boolean complete() {
        return matched == CLIENT.length;
    }

    /**
     * Consumes preface octets from {@code in}, up to the end of the preface.
     *
     * @throws Http2Exception PROTOCOL_ERROR on the first octet that differs (section 3.4)
     */
    void consume(ByteBuffer in) {
        while (matched < CLIENT.length && in.hasRemaining()) {
            byte b = in.get();
            if (b != CLIENT[matched]) {
                throw Http2Exception.connection(PROTOCOL_ERROR, "invalid connection preface at octet " + matched
                        + " (3.4)");
            }
            matched++;
        }
    }

    @Override
    public String toString() {
        return "ConnectionPreface[" + matched + "/" + CLIENT.length + "]";
    }
}
