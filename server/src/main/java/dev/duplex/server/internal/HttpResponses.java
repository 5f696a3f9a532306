package dev.duplex.server.internal;

import dev.duplex.server.HttpResource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Fixed HTTP/1.1 responses for plain (non-WebSocket) requests. */
final class HttpResponses {
    private HttpResponses() {
    }

    /** The encoded answers to {@code GET} and {@code HEAD} for one resource. */
    record Prepared(byte[] get, byte[] head) {
        ByteBuffer forMethod(String method) {
            return ByteBuffer.wrap(method.equals("HEAD") ? head : get);
        }
    }

    static Prepared prepare(HttpResource resource) {
        byte[] body = resource.body();
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + resource.contentType() + "\r\nContent-Length: "
                + body.length + "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] get = new byte[head.length + body.length];
        System.arraycopy(head, 0, get, 0, head.length);
        System.arraycopy(body, 0, get, head.length, body.length);
        return new Prepared(get, head);
    }
}
