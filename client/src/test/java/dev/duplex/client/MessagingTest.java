package dev.duplex.client;

import dev.duplex.engine.EngineConfig;
import dev.duplex.testsupport.RecordingListener;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Streaming, concurrency and control frames between the Duplex client and server. */
@Timeout(60)
class MessagingTest {
    private Fixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void streamedMessageArrivesWholeAndMessagesSentMeanwhileWaitForIt() throws Exception {
        fixture = new Fixture(false);
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);

        MessageWriter writer = ws.startMessage(MessageType.TEXT);
        CompletableFuture<Void> first = writer.write(utf8("Hello, "), false);
        CompletableFuture<Void> whole = ws.sendText("sent while streaming");
        // A two-byte code point split across pieces.
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        writer.write(ByteBuffer.wrap(new byte[] {'w', 'o', 'r', 'l', 'd', e[0]}), false);
        CompletableFuture<Void> last = writer.write(ByteBuffer.wrap(new byte[] {e[1], '!'}), true);
        assertThatThrownBy(() -> writer.write(utf8("more"), true)).isInstanceOf(IllegalStateException.class);

        assertThat(events.await(RecordingListener.Text.class).text()).isEqualTo("Hello, worldé!");
        assertThat(events.next(RecordingListener.Text.class).text()).isEqualTo("sent while streaming");
        assertThat(CompletableFuture.allOf(first, whole, last)).succeedsWithin(5, TimeUnit.SECONDS);
    }

    @Test
    void twoStreamsNeverInterleaveEvenWhenTheSecondIsWrittenFirst() throws Exception {
        fixture = new Fixture(false);
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);

        MessageWriter a = ws.startMessage(MessageType.BINARY);
        MessageWriter b = ws.startMessage(MessageType.TEXT);
        b.write(utf8("b1"), false);
        b.write(utf8("b2"), true);
        a.write(ByteBuffer.wrap(new byte[] {1, 2}), false);
        a.write(ByteBuffer.wrap(new byte[] {3}), true);

        assertThat(events.await(RecordingListener.Binary.class).data()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(events.next(RecordingListener.Text.class).text()).isEqualTo("b1b2");
    }

    @Test
    void streamIncomingDeliversPiecesThatRebuildTheMessage() throws Exception {
        fixture = new Fixture(false, s -> s, c -> c.engineConfig(EngineConfig.builder().streamIncoming(true).build()));
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        ws.sendBinary(ByteBuffer.wrap(big));
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        int pieces = 0;
        while (true) {
            RecordingListener.Fragment f = events.await(RecordingListener.Fragment.class);
            assertThat(f.type()).isEqualTo(MessageType.BINARY);
            byte[] chunk = new byte[f.data().remaining()];
            f.data().get(chunk);
            rebuilt.write(chunk);
            pieces++;
            if (f.last()) {
                break;
            }
        }
        assertThat(rebuilt.toByteArray()).isEqualTo(big);
        assertThat(pieces).as("a 3 MiB message arrives in several reads").isGreaterThan(1);
    }

    @Test
    void concurrentSendersFromEightThreadsNeverInterleave() throws Exception {
        fixture = new Fixture(false);
        int threads = 8;
        int perThread = 200;
        List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(threads * perThread);
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), new dev.duplex.transport.WebSocketListener() {
            @Override
            public void onText(WebSocket w, String text) {
                received.add(text);
                all.countDown();
            }
        }).get(10, TimeUnit.SECONDS);

        List<CompletableFuture<Void>> sends = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> senders = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int id = t;
            senders.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        String body = "t" + id + "-" + i + ":" + "x".repeat((i * 37) % 3000) + ".";
                        if (i % 3 == 0) {
                            // Streamed in three pieces, racing with the other threads' messages.
                            MessageWriter w = ws.startMessage(MessageType.TEXT);
                            int third = body.length() / 3;
                            sends.add(w.write(utf8(body.substring(0, third)), false));
                            sends.add(w.write(utf8(body.substring(third, 2 * third)), false));
                            sends.add(w.write(utf8(body.substring(2 * third)), true));
                        } else {
                            sends.add(ws.sendText(body));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread s : senders) {
            s.join();
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))).succeedsWithin(5, TimeUnit.SECONDS);

        Pattern shape = Pattern.compile("t(\\d)-(\\d+):(x*)\\.");
        Map<Integer, Integer> nextPerThread = new HashMap<>();
        for (String message : received) {
            Matcher m = shape.matcher(message);
            assertThat(m.matches()).as("message intact: %s", message.length() > 60 ? message.substring(0, 60) : message).isTrue();
            int thread = Integer.parseInt(m.group(1));
            int index = Integer.parseInt(m.group(2));
            assertThat(m.group(3)).hasSize((index * 37) % 3000);
            assertThat(index).as("per-thread order").isEqualTo(nextPerThread.getOrDefault(thread, 0));
            nextPerThread.put(thread, index + 1);
        }
        assertThat(received).hasSize(threads * perThread);
    }

    @Test
    void pingIsAnsweredWithTheSamePayload() throws Exception {
        fixture = new Fixture(true);
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);
        assertThat(ws.sendPing(utf8("are you there?"))).succeedsWithin(5, TimeUnit.SECONDS);
        assertThat(events.await(RecordingListener.Pong.class).payload()).isEqualTo(utf8("are you there?"));
        assertThatThrownBy(() -> ws.sendPing(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.sendPong(utf8("heartbeat"))).succeedsWithin(5, TimeUnit.SECONDS);
    }

    @Test
    void serverAndClientCanShareOneEventLoopGroup() throws Exception {
        try (dev.duplex.transport.EventLoopGroup group = dev.duplex.transport.EventLoopGroup.create(1)) {
            fixture = new Fixture(false, s -> s.eventLoopGroup(group), c -> c.eventLoopGroup(group));
            RecordingListener events = new RecordingListener();
            WebSocket ws = fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);
            ws.sendText("one thread for both ends");
            assertThat(events.await(RecordingListener.Text.class).text()).isEqualTo("one thread for both ends");
            assertThat(events.callbackThread.getName()).isEqualTo("duplex-loop-0");
            fixture.close();
            fixture = null;
            // Neither the server nor the client closed the shared group: it still runs connections.
            Fixture again = new Fixture(false, s -> s.eventLoopGroup(group), c -> c.eventLoopGroup(group));
            try (again) {
                assertThat(again.client.connect(again.uri("/echo"), new RecordingListener()).get(10, TimeUnit.SECONDS)
                        .isOpen()).isTrue();
            }
        }
    }

    @Test
    void callbacksRunOnOneLoopThread() throws Exception {
        fixture = new Fixture(false);
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);
        events.next(RecordingListener.Opened.class);
        Thread open = events.callbackThread;
        ws.sendText("a");
        events.next(RecordingListener.Text.class);
        assertThat(events.callbackThread).isSameAs(open).isNotSameAs(Thread.currentThread());
        assertThat(open.getName()).startsWith("duplex-client");
    }
}
