package dev.duplex.engine.handshake;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The client side of the opening handshake over HTTP/2 (RFC 8441) for one stream: the extended CONNECT
 * request to send, then the check of the response's status and fields. The HTTP/2 layer sends the request only
 * once the server's SETTINGS carried {@code SETTINGS_ENABLE_CONNECT_PROTOCOL = 1} (RFC 8441 section 3), and
 * does not end the stream. There is no nonce: RFC 8441 section 5 drops {@code Sec-WebSocket-Key} and
 * {@code Sec-WebSocket-Accept}.
 * <p>Immutable; {@link #request()} returns a fresh request each time.
 */
public final class Rfc8441ClientHandshake {
    private static final String CITATION = "RFC 8441 section 5, RFC 6455 section 4.1";

    private final URI uri;
    private final List<String> subprotocols;
    private final String extensionOffer;
    private final ExtendedConnect request;

    /**
     * Prepares the handshake of a WebSocket to {@code uri} over HTTP/2.
     *
     * @param uri            a {@code ws://} or {@code wss://} URI without fragment or user info (RFC 6455 section 3);
     *                       {@code :scheme} is then {@code http} or {@code https} (RFC 8441 section 4)
     * @param subprotocols   the subprotocols to offer, most preferred first; distinct tokens; null or empty for none
     * @param extra          further request fields (such as {@code origin}, {@code authorization}), or null; sent
     *                       with lowercase names; must not set the fields written by this class, {@code host} (the
     *                       {@code :authority} carries it) nor connection-specific fields (RFC 9113 section 8.2.2)
     * @param extensionOffer the {@code sec-websocket-extensions} offer, or null for none
     * @throws IllegalArgumentException if an argument breaks these rules
     */
    public Rfc8441ClientHandshake(URI uri, List<String> subprotocols, HttpHeaders extra, String extensionOffer) {
        this.uri = uri;
        this.subprotocols = ClientHandshake.checkSubprotocols(subprotocols);
        this.extensionOffer = ClientHandshake.checkExtensionOffer(extensionOffer);
        HeadWriter.refuseReserved(extra, "host", "sec-websocket-key", "sec-websocket-version",
                "sec-websocket-protocol", "sec-websocket-extensions");
        HeadWriter.refuseReserved(extra, Rfc8441Handshake.CONNECTION_SPECIFIC);
        ClientHandshake.Target target = ClientHandshake.target(uri);
        HttpHeaders fields = new HttpHeaders().add("sec-websocket-version", "13");
        if (!this.subprotocols.isEmpty()) {
            fields.add("sec-websocket-protocol", String.join(", ", this.subprotocols));
        }
        if (extensionOffer != null) {
            fields.add("sec-websocket-extensions", extensionOffer);
        }
        Rfc8441Handshake.addLowercased(fields, extra);
        this.request = new ExtendedConnect("CONNECT", "websocket", target.scheme().equals("wss") ? "https" : "http",
                target.target(), target.host(), fields);
    }

    /**
     * The request (RFC 8441 section 4 and 5): {@code :method CONNECT}, {@code :protocol websocket},
     * {@code :scheme} {@code http} for ws and {@code https} for wss, {@code :path} the URI's path and query,
     * {@code :authority} its host with the port unless it is the scheme's default (as browsers send it); fields
     * {@code sec-websocket-version: 13}, {@code sec-websocket-protocol} (the offer joined by ", ") and
     * {@code sec-websocket-extensions} when offered, then the extra fields. No {@code sec-websocket-key}.
     */
    public ExtendedConnect request() {
        return new ExtendedConnect(request.method(), request.protocol(), request.scheme(), request.path(),
                request.authority(), request.headers());
    }

    /**
     * Checks the server's response (RFC 8441 section 5): a 2xx status ("a 2xx series status code"; servers send
     * 200); at most one {@code sec-websocket-protocol}, naming a subprotocol that was offered; no
     * {@code sec-websocket-extensions} unless an offer was made (RFC 6455 section 4.1). No
     * {@code sec-websocket-accept} is expected.
     *
     * @param status   the response's {@code :status}
     * @param response its regular fields
     * @return the subprotocol and extensions answer, as over HTTP/1.1
     * @throws HandshakeException carrying the status and fields of a response other than 2xx, or status 0 when a
     *                            2xx breaks one of the rules above (or the status is not 100-599); the stream must
     *                            then be reset
     */
    public ClientHandshake.Result validate(int status, HttpHeaders response) throws HandshakeException {
        Objects.requireNonNull(response, "response");
        if (status < 100 || status > 599) {
            throw HandshakeException.invalidResponse(":status " + status + " is not an HTTP status");
        }
        if (status / 100 != 2) {
            throw new HandshakeException(status, "server answered " + status + " instead of 2xx (RFC 8441 section 5)",
                    response);
        }
        return new ClientHandshake.Result(ClientHandshake.chosenSubprotocol(response, subprotocols, CITATION),
                ClientHandshake.acceptedExtensions(response, extensionOffer, CITATION), HttpHeaders.copyOf(response));
    }

    @Override
    public String toString() {
        return "Rfc8441ClientHandshake[" + uri + ", subprotocols=" + subprotocols + ", extensions=" + extensionOffer
                + "]";
    }
}
