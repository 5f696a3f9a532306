package dev.duplex.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feedback from the protocol (https://websockets.spec.whatwg.org/#feedback-from-the-protocol): the open,
 * message, error and close tasks; listeners as in the DOM's EventTarget; delivery order and threads.
 */
@Timeout(30)
class WebSocketEventsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void openSetsReadyStateProtocolAndExtensionsBeforeTheEvent() throws Exception {
        WebSocket ws = server.open("/echo", "chat.v2", "chat.v1");
        Recorder events = Recorder.on(ws);
        assertThat(ws.readyState()).isEqualTo(WebSocket.CONNECTING);
        Recorder.Seen open = events.nextSeen();
        assertThat(open.event()).isEqualTo(new OpenEvent(ws));
        assertThat(open.event().type()).isEqualTo("open");
        assertThat(open.readyState()).isEqualTo(WebSocket.OPEN);
        assertThat(ws.protocol()).isEqualTo("chat.v2");
        assertThat(ws.extensions()).isEmpty(); // the test client offers no extension
        ws.close();
        events.awaitClose();
    }

    @Test
    void theDefaultClientOffersPermessageDeflateAndExtensionsIsTheServersAnswer() throws Exception {
        WebSocket ws = new WebSocket(server.url("/echo"));
        Recorder events = Recorder.on(ws);
        events.next(OpenEvent.class);
        assertThat(ws.extensions()).isEqualTo("permessage-deflate");
        ws.send("compressed ".repeat(1000));
        assertThat(events.next(MessageEvent.class).data()).isEqualTo("compressed ".repeat(1000));
        ws.close(1000);
        events.awaitClose();
    }

    @Test
    void messagesCarryTheirDataAsBinaryTypeSaysAndTheUrlsOrigin() throws Exception {
        WebSocket ws = server.open("/control");
        Recorder events = Recorder.on(ws);
        events.next(OpenEvent.class);
        ws.send("text");
        MessageEvent text = events.next(MessageEvent.class);
        assertThat(text.data()).isEqualTo("text");
        assertThat(text.isText()).isTrue();
        assertThat(text.origin()).isEqualTo(server.origin());
        assertThat(text.type()).isEqualTo("message");

        ws.send("binary 4");
        MessageEvent blob = events.next(MessageEvent.class);
        assertThat(blob.data()).isEqualTo(Blob.of(new byte[]{0, 1, 2, 3}));

        ws.setBinaryType(BinaryType.ARRAYBUFFER);
        ws.send("binary 3");
        MessageEvent buffer = events.next(MessageEvent.class);
        assertThat(buffer.data()).isInstanceOfSatisfying(ByteBuffer.class, b -> {
            assertThat(b.position()).isZero();
            assertThat(b.remaining()).isEqualTo(3);
            b.get(); // each call gives a fresh view
        });
        assertThat(((ByteBuffer) buffer.data()).remaining()).isEqualTo(3);
        assertThat(buffer.bytes()).containsExactly(0, 1, 2);
        ws.close();
        events.awaitClose();
    }

    @Test
    void binaryTypeIsReadWhenTheMessageTaskRuns() throws Exception {
        // "it is quite possible for the attribute to be changed after the user agent has received the data
        // but before the user agent has fired the event for it": the value at the task is the one used.
        WebSocket ws = server.open("/control");
        CountDownLatch release = new CountDownLatch(1);
        List<Object> data = new CopyOnWriteArrayList<>();
        CountDownLatch received = new CountDownLatch(2);
        ws.setOnOpen(e -> {
            ws.send("binary 1");
            ws.send("binary 1");
            try {
                release.await(5, TimeUnit.SECONDS); // both messages arrive while this task runs
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        ws.setOnMessage(e -> {
            data.add(e.data());
            ws.setBinaryType(BinaryType.ARRAYBUFFER);
            received.countDown();
        });
        Thread.sleep(300);
        release.countDown();
        assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(data.get(0)).isInstanceOf(Blob.class);
        assertThat(data.get(1)).isInstanceOf(ByteBuffer.class);
        ws.close();
    }

    @Test
    void eventsComeInOrderOneAtATimeAndNeverOnTheEventLoop() throws Exception {
        WebSocket ws = server.open("/control");
        int count = 2000;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> texts = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        ws.setOnOpen(e -> ws.send("burst " + count));
        ws.setOnMessage(e -> {
            if (running.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            texts.add(e.text());
            threads.add(Thread.currentThread().getName());
            if (texts.size() % 250 == 0) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            running.decrementAndGet();
            if (texts.size() == count) {
                done.countDown();
            }
        });
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps).hasValue(0);
        for (int i = 0; i < count; i++) {
            assertThat(texts.get(i)).isEqualTo(Integer.toString(i));
        }
        assertThat(threads).noneMatch(name -> name.startsWith("duplex-client") || name.startsWith("duplex-server"));
        ws.close();
    }

    @Test
    void handlersAndListenersFollowTheDomsRules() throws Exception {
        // A failing connection (bad port) fires error then close without touching the network.
        WebSocket ws = new WebSocket("ws://127.0.0.1:1/");
        List<String> calls = new CopyOnWriteArrayList<>();
        EventListener<Event> listener = e -> calls.add("listener " + e.type());
        EventListener<ErrorEvent> removed = e -> calls.add("removed");
        ws.setOnError(e -> calls.add("first handler"));
        ws.addEventListener(EventType.ERROR, listener);
        ws.addEventListener(EventType.ERROR, listener); // same listener and type: added once
        ws.addEventListener(EventType.ERROR, removed);
        ws.removeEventListener(EventType.ERROR, removed);
        ws.addEventListener(EventType.ERROR, e -> {
            throw new IllegalStateException("a listener that throws does not stop the others");
        });
        EventListener<ErrorEvent> handler = e -> calls.add("second handler");
        ws.setOnError(handler); // keeps the first handler's place
        assertThat(ws.onError()).isSameAs(handler);
        ws.addEventListener(EventType.ERROR, e -> calls.add("last"));
        ws.addEventListener(EventType.CLOSE, listener);
        ws.setOnClose(e -> calls.add("close handler"));
        ws.setOnClose(null); // removed
        CountDownLatch closed = new CountDownLatch(1);
        ws.addEventListener(EventType.CLOSE, e -> closed.countDown());
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).containsExactly("second handler", "listener error", "last", "listener close");
    }

    @Test
    void listenersAddedRightAfterTheConstructorSeeEveryEvent() throws Exception {
        // A failure found in the constructor (bad port) is reported in tasks held until this thread yields,
        // as a page's script runs to completion before any task.
        for (int i = 0; i < 20; i++) {
            WebSocket ws = new WebSocket("ws://127.0.0.1:1/");
            Thread.onSpinWait();
            Recorder events = Recorder.on(ws);
            assertThat(ws.readyState()).isEqualTo(WebSocket.CONNECTING);
            events.awaitClose();
            assertThat(events.types()).containsExactly("error", "close");
        }
    }

    @Test
    void listenersAddedInsideAListenerForANewSocketSeeEveryEvent() throws Exception {
        WebSocket first = new WebSocket("ws://127.0.0.1:1/");
        List<String> types = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        first.setOnClose(e -> {
            WebSocket second = new WebSocket("ws://127.0.0.1:1/");
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // still in this task: the new socket's tasks must wait
            }
            second.addEventListener(EventType.ERROR, ev -> types.add(ev.type()));
            second.addEventListener(EventType.CLOSE, ev -> {
                types.add(ev.type());
                done.countDown();
            });
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(types).containsExactly("error", "close");
    }
}
