package dev.duplex.client;

import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.testsupport.RecordingListener;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** permessage-deflate (RFC 7692) negotiated by the client and server builders (RFC 6455 section 9.1). */
@Timeout(60)
class CompressionTest {
    private Fixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void negotiatedWhenBothSidesEnableItAndMessagesSurviveTheRoundTrip() throws Exception {
        fixture = new Fixture(true, s -> s.extensions(PerMessageDeflate.defaults()),
                c -> c.extensions(PerMessageDeflate.defaults()));
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);
        assertThat(ws.extensions()).startsWith("permessage-deflate");

        String text = "compress me please ".repeat(60_000);
        ws.sendText(text);
        assertThat(events.await(RecordingListener.Text.class).text()).isEqualTo(text);
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        ws.sendBinary(ByteBuffer.wrap(noise));
        assertThat(events.await(RecordingListener.Binary.class).data()).isEqualTo(ByteBuffer.wrap(noise));
        MessageWriter writer = ws.startMessage(MessageType.TEXT);
        writer.write(ByteBuffer.wrap("streamed ".repeat(1000).getBytes(StandardCharsets.UTF_8)), false);
        writer.write(ByteBuffer.wrap("end".getBytes(StandardCharsets.UTF_8)), true);
        assertThat(events.await(RecordingListener.Text.class).text()).isEqualTo("streamed ".repeat(1000) + "end");
        assertThat(ws.close()).succeedsWithin(5, TimeUnit.SECONDS);
        assertThat(events.await(RecordingListener.Closed.class).clean()).isTrue();
    }

    @Test
    void notUsedWhenTheServerDoesNotAcceptIt() throws Exception {
        fixture = new Fixture(false, s -> s, c -> c.extensions(PerMessageDeflate.defaults()));
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);
        assertThat(ws.extensions()).isEmpty();
        ws.sendText("plain");
        assertThat(events.await(RecordingListener.Text.class).text()).isEqualTo("plain");
    }
}
