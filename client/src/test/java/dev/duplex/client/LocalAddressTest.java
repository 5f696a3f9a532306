package dev.duplex.client;

import dev.duplex.testsupport.RecordingListener;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection bound to a chosen source address (for spreading many connections over 127.0.0.x). */
class LocalAddressTest {
    private Fixture fixture;

    @AfterEach
    void close() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @DisplayName("ConnectOptions.localAddress binds the socket before connecting; both ends see that address")
    void bindsTheChosenSourceAddress() throws Exception {
        fixture = new Fixture(false);
        InetAddress source = InetAddress.getByName("127.0.0.2");
        URI uri = URI.create("ws://127.0.0.1:" + fixture.server.port() + "/echo");
        WebSocket ws = fixture.client.connect(uri,
                ConnectOptions.builder().localAddress(new InetSocketAddress(source, 0)).build(),
                new RecordingListener()).get(10, TimeUnit.SECONDS);
        assertThat(ws.localAddress().getAddress()).isEqualTo(source);
        assertThat(fixture.server.webSockets()).singleElement()
                .satisfies(server -> assertThat(server.remoteAddress()).isEqualTo(ws.localAddress()));
        assertThat(ws.close()).succeedsWithin(5, TimeUnit.SECONDS);
    }
}
