package dev.duplex.engine.handshake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes an HTTP/1.1 head line by line, refusing values that would split it, as ISO-8859-1 bytes. */
final class HeadWriter {
    private final StringBuilder out = new StringBuilder(256);

    HeadWriter(String startLine) {
        out.append(startLine).append("\r\n");
    }

    /** @throws IllegalArgumentException if {@code name} is not a token or {@code value} has a control character */
    HeadWriter header(String name, String value) {
        if (!HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("header name is not a token: " + HttpSyntax.quote(name));
        }
        if (!HttpSyntax.isFieldValue(value)) {
            throw new IllegalArgumentException("header " + name + " has a control character in its value");
        }
        out.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    /** Appends every line of {@code headers}, if not null. */
    HeadWriter headers(HttpHeaders headers) {
        if (headers != null) {
            headers.forEach(this::header);
        }
        return this;
    }

    /** The head, ended by the empty line, then {@code body}; position 0, limit at the end. */
    ByteBuffer finish(byte[] body) {
        byte[] head = out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buffer = ByteBuffer.allocate(head.length + body.length);
        return buffer.put(head).put(body).flip();
    }

    /** The head, ended by the empty line. */
    ByteBuffer finish() {
        return finish(new byte[0]);
    }

    /**
     * @throws IllegalArgumentException if {@code headers} has a line named like one of {@code reserved}: those
     *                                  are written by this package and must not appear twice
     */
    static void refuseReserved(HttpHeaders headers, String... reserved) {
        if (headers == null) {
            return;
        }
        for (String name : reserved) {
            if (headers.contains(name)) {
                throw new IllegalArgumentException("extra headers must not set " + name);
            }
        }
    }
}
