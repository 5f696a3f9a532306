package dev.duplex.server.internal;

import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.OpeningRequest;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;

import java.net.InetSocketAddress;

/**
 * What every opening handshake passes, over HTTP/1.1 ({@link ServerUpgrade}) and HTTP/2 ({@link ServerStreams})
 * alike, once the request itself is valid: the origin policy (RFC 6455 section 10.2), the route's hook, then the
 * extension negotiation (section 9.1), last, so that nothing is built for a refused request.
 */
final class Admission {
    private static final System.Logger LOG = ServerRuntime.LOG;

    private Admission() {
    }

    /** The hook's acceptance and the extensions agreed on. */
    record Admitted(HandshakeDecision.Accept decision, ExtensionNegotiation.Agreed agreed) {
    }

    /**
     * @param negotiate whether extensions may be negotiated (not on hixie versions)
     * @throws HandshakeException a refusal: 403 for the origin, the hook's status, 500 when the hook failed
     */
    static Admitted admit(ServerRuntime server, OpeningRequest offer, WebSocketHandler handler,
                          InetSocketAddress remote, boolean secure, boolean negotiate) throws HandshakeException {
        if (!server.config().originPolicy().allows(offer.origin(), offer.host())) {
            throw HandshakeException.forbidden("origin not allowed");
        }
        HandshakeDecision decision;
        try {
            decision = handler.onHandshake(new HandshakeRequest(offer, remote, secure));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handshake hook of " + offer.path() + " failed", e);
            throw new HandshakeException(500, "internal error");
        }
        return switch (decision) {
            case HandshakeDecision.Reject r -> throw new HandshakeException(r.status(), r.detail(), r.headers());
            case HandshakeDecision.Accept a -> new Admitted(a, negotiate
                    ? ExtensionNegotiation.accept(server.config().extensions(), offer.extensionOffers())
                    : ExtensionNegotiation.Agreed.NONE);
            case null -> throw new HandshakeException(500, "internal error");
        };
    }
}
