package dev.duplex.client.internal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where a WebSocket URI leads: host (without IPv6 brackets), port (the scheme's default when absent), TLS or not,
 * and the resolved address. {@link #origin()} names the HTTP/2 connection WebSockets to it share.
 */
record Target(URI uri, String host, int port, boolean secure, InetSocketAddress address) {

    /** @param uri a {@code ws://} or {@code wss://} URI, normalized */
    static Target of(URI uri) throws UnknownHostException {
        boolean secure = uri.getScheme().equals("wss");
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        return new Target(uri, host, port, secure, address);
    }

    /** The origin (RFC 6454): scheme, host and port. */
    String origin() {
        return (secure ? "https://" : "http://") + host + ":" + port;
    }
}
