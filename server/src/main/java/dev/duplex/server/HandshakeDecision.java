package dev.duplex.server;

import dev.duplex.engine.handshake.HttpHeaders;

import java.util.Objects;

/** What {@link WebSocketHandler#onHandshake} decides: accept or refuse the connection. */
public sealed interface HandshakeDecision {

    /** Accept without a subprotocol. */
    static Accept accept() {
        return new Accept(null, null, null);
    }

    /**
     * Accept with {@code subprotocol}, which must be one the client offered (RFC 6455 section 4.2.2 item 5.4);
     * choosing another refuses the handshake with 500.
     */
    static Accept accept(String subprotocol) {
        return new Accept(Objects.requireNonNull(subprotocol, "subprotocol"), null, null);
    }

    /**
     * Refuse with an HTTP status, for example 401 or 403; {@code detail} is the plain-text body.
     *
     * @throws IllegalArgumentException if {@code status} is not 300-599
     */
    static Reject reject(int status, String detail) {
        return new Reject(status, detail, null);
    }

    /**
     * Accept the handshake.
     *
     * @param subprotocol the chosen subprotocol, or null for none
     * @param headers     extra response headers (such as {@code Set-Cookie}), or null
     * @param attachment  the connection's initial {@code WebSocket.attachment()}, set before {@code onOpen}; or null
     */
    record Accept(String subprotocol, HttpHeaders headers, Object attachment) implements HandshakeDecision {
        public Accept {
            headers = HttpHeaders.copyOf(headers);
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.copyOf(headers);
        }

        /** This decision plus the response header {@code name: value}. */
        public Accept withHeader(String name, String value) {
            return new Accept(subprotocol, HttpHeaders.copyOf(headers).add(name, value), attachment);
        }

        /** This decision with the connection's initial attachment. */
        public Accept withAttachment(Object value) {
            return new Accept(subprotocol, headers, value);
        }
    }

    /**
     * Refuse the handshake; the server answers with this status and closes the connection.
     *
     * @param status  an HTTP status, 300-599
     * @param detail  the plain-text body, in a few words
     * @param headers extra response headers (such as {@code WWW-Authenticate}), or null
     */
    record Reject(int status, String detail, HttpHeaders headers) implements HandshakeDecision {
        public Reject {
            if (status < 300 || status > 599) {
                throw new IllegalArgumentException("a refusal needs a status from 300 to 599, got " + status);
            }
            detail = detail == null ? "" : detail;
            headers = HttpHeaders.copyOf(headers);
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.copyOf(headers);
        }

        /** This refusal plus the response header {@code name: value}. */
        public Reject withHeader(String name, String value) {
            return new Reject(status, detail, HttpHeaders.copyOf(headers).add(name, value));
        }
    }
}
