package dev.duplex.http2;

/** A client and a server connection joined in memory: {@link #pump()} carries bytes both ways until quiet. */
final class Link {
    final H2 client;
    final H2 server;

    Link(Http2Config clientConfig, Http2Config serverConfig, H2.Reaction clientReaction, H2.Reaction serverReaction) {
        client = H2.of(Http2Role.CLIENT, clientConfig, clientReaction);
        server = H2.of(Http2Role.SERVER, serverConfig, serverReaction);
        pump();
        client.takeEvents();
        server.takeEvents();
    }

    Link(Http2Config clientConfig, Http2Config serverConfig) {
        this(clientConfig, serverConfig, null, null);
    }

    Link() {
        this(Http2Config.defaults(), Http2Config.defaults());
    }

    /** Carries bytes both ways until neither side has anything to send; returns the bytes carried. */
    int pump() {
        int total = 0;
        while (true) {
            byte[] toServer = client.drain();
            if (toServer.length > 0) {
                server.recv(toServer);
            }
            byte[] toClient = server.drain();
            if (toClient.length > 0) {
                client.recv(toClient);
            }
            total += toServer.length + toClient.length;
            if (toServer.length == 0 && toClient.length == 0) {
                return total;
            }
        }
    }
}
