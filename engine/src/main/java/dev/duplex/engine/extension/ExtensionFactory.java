package dev.duplex.engine.extension;

import java.util.List;

/**
 * Negotiates one kind of extension during the opening handshake (RFC 6455 section 9.1), in either role, and
 * creates its per-connection {@link Extension}. Factories are immutable and shared by connections.
 * Applications add their own extensions by implementing this interface and configuring the factory on the
 * server or client.
 */
public interface ExtensionFactory {

    /** The extension names this factory handles (lower case), e.g. {@code permessage-deflate}. */
    List<String> names();

    /** The RSV bits its extensions use; two extensions in use on one connection may not share a bit. */
    int rsvBits();

    /** Client: the offers to send, in order of preference. */
    List<ExtensionParameters> offers();

    /**
     * Server: considers one offer from the client (RFC 6455 section 9.1: offers are considered in the
     * client's order). Returns the extension to use, or null to decline this offer (for example because its
     * parameters are invalid or unacceptable, RFC 7692 section 5).
     */
    Extension accept(ExtensionParameters offer);

    /**
     * Client: the server accepted one of {@link #offers()} with this answer. Returns the extension to use.
     *
     * @throws IllegalArgumentException when the answer is invalid or does not fit any offer; the client then
     *                                  fails the connection (RFC 6455 section 4.1, RFC 7692 section 5)
     */
    Extension confirm(ExtensionParameters answer);
}
