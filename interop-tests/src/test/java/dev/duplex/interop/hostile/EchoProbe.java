package dev.duplex.interop.hostile;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A well-behaved client that keeps using {@code /echo} while an attack runs: every {@value #PERIOD_MS} ms it sends
 * a short text message and waits for its echo, recording the slowest round trip. An echo that has not come back
 * counts with the time it has waited so far, so a server that stopped answering cannot look fast. Over HTTP/1.1
 * ({@link #start}) or as a WebSocket stream of its own prior-knowledge HTTP/2 connection ({@link #startHttp2},
 * RFC 8441).
 */
final class EchoProbe implements AutoCloseable {
    static final Duration MAX_LATENCY = Duration.ofSeconds(2);
    private static final long PERIOD_MS = 50;

    /** How the probe's WebSocket sends a text frame and reads the next frame. */
    private interface Channel extends AutoCloseable {
        void send(byte[] frame) throws Exception;

        Wire.Frame read(Duration timeout) throws Exception;

        @Override
        void close();
    }

    private final Channel channel;
    /** "" over HTTP/1.1, "HTTP/2 " over HTTP/2: in the probe's messages and in its assertions. */
    private final String label;
    private final Thread thread;
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong sentAt = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private EchoProbe(Channel channel, String label) {
        this.channel = channel;
        this.label = label;
        thread = new Thread(this::run, label.isEmpty() ? "echo-probe" : "h2-echo-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects now (before the attack takes any connection slot) and starts probing over HTTP/1.1. */
    static EchoProbe start(int port) throws Exception {
        Wire wire = Wire.upgrade(port, "/echo");
        return new EchoProbe(new Channel() {
            @Override
            public void send(byte[] frame) throws Exception {
                wire.send(frame);
            }

            @Override
            public Wire.Frame read(Duration timeout) throws Exception {
                return wire.readFrame(timeout);
            }

            @Override
            public void close() {
                wire.close();
            }
        }, "");
    }

    /** Connects now and starts probing on a WebSocket stream of its own HTTP/2 connection. */
    static EchoProbe startHttp2(int port) throws Exception {
        H2Wire wire = H2Wire.open(port);
        int stream = wire.openWebSocket("/echo");
        return new EchoProbe(new Channel() {
            @Override
            public void send(byte[] frame) throws Exception {
                wire.sendWs(stream, frame);
            }

            @Override
            public Wire.Frame read(Duration timeout) throws Exception {
                return wire.readWs(stream, timeout);
            }

            @Override
            public void close() {
                wire.close();
            }
        }, "HTTP/2 ");
    }

    private void run() {
        try {
            for (long i = 0; running; i++) {
                String text = (label.isEmpty() ? "probe " : "h2 probe ") + i;
                long t0 = System.nanoTime();
                sentAt.set(t0);
                channel.send(Wire.text(text));
                Wire.Frame f = channel.read(Duration.ofSeconds(30));
                long rtt = System.nanoTime() - t0;
                sentAt.set(0);
                if (f == null || f.opcode() != Wire.Frame.TEXT || !f.text().equals(text)) {
                    throw new AssertionError("expected the echo of '" + text + "', got " + f);
                }
                worstNanos.accumulateAndGet(rtt, Math::max);
                roundTrips.incrementAndGet();
                Thread.sleep(PERIOD_MS);
            }
        } catch (Throwable t) {
            if (running) {
                failure.set(t);
            }
        }
    }

    /** The slowest round trip so far, including one still waiting. */
    Duration worst() {
        long pending = sentAt.get();
        long waiting = pending == 0 ? 0 : System.nanoTime() - pending;
        return Duration.ofNanos(Math.max(worstNanos.get(), waiting));
    }

    long roundTrips() {
        return roundTrips.get();
    }

    /** After an attack: this probe still gets its echoes, it closes, and the server is still healthy. */
    void assertSurvivedAndClose(String attack, ServeProcess server) {
        try {
            assertResponsive(attack);
        } finally {
            close();
        }
        server.assertHealthy();
    }

    /**
     * Checks that the probe worked all along, each echo within {@link #MAX_LATENCY}, and that one more echo comes
     * back now: the server is still serving once the attack is over (or while it goes on).
     */
    void assertResponsive(String during) {
        long seen = roundTrips.get();
        long deadline = System.nanoTime() + MAX_LATENCY.toNanos() + PERIOD_MS * 1_000_000;
        while (roundTrips.get() <= seen && failure.get() == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(failure.get()).as("%secho client failure during %s", label, during).isNull();
        assertThat(worst()).as("slowest %secho round trip during %s", label, during).isLessThan(MAX_LATENCY);
        assertThat(roundTrips()).as("%secho round trips during and after %s", label, during).isGreaterThan(seen);
    }

    @Override
    public void close() {
        running = false;
        channel.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
