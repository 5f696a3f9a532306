package dev.duplex.interop.hostile;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EchoProbe} over HTTP/2: a well-behaved client with its own prior-knowledge connection and one WebSocket
 * stream on {@code /echo} (RFC 8441) that sends a short text message every {@value #PERIOD_MS} ms and waits for its
 * echo, recording the slowest round trip (one still waiting included).
 */
final class H2EchoProbe implements AutoCloseable {
    private static final long PERIOD_MS = 50;

    private final H2Wire wire;
    private final int stream;
    private final Thread thread;
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong sentAt = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private H2EchoProbe(int port) throws Exception {
        wire = H2Wire.open(port);
        stream = wire.openWebSocket("/echo");
        thread = new Thread(this::run, "h2-echo-probe");
        thread.setDaemon(true);
        thread.start();
    }

    static H2EchoProbe start(int port) throws Exception {
        return new H2EchoProbe(port);
    }

    private void run() {
        try {
            for (long i = 0; running; i++) {
                String text = "h2 probe " + i;
                long t0 = System.nanoTime();
                sentAt.set(t0);
                wire.sendWs(stream, Wire.text(text));
                Wire.Frame f = wire.readWs(stream, Duration.ofSeconds(30));
                long rtt = System.nanoTime() - t0;
                sentAt.set(0);
                if (f.opcode() != Wire.Frame.TEXT || !f.text().equals(text)) {
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

    Duration worst() {
        long pending = sentAt.get();
        long waiting = pending == 0 ? 0 : System.nanoTime() - pending;
        return Duration.ofNanos(Math.max(worstNanos.get(), waiting));
    }

    /** The probe worked all along, each echo within {@link EchoProbe#MAX_LATENCY}, and one more echo comes now. */
    void assertResponsive(String during) {
        long seen = roundTrips.get();
        long deadline = System.nanoTime() + EchoProbe.MAX_LATENCY.toNanos() + PERIOD_MS * 1_000_000;
        while (roundTrips.get() <= seen && failure.get() == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(failure.get()).as("HTTP/2 echo client failure during %s", during).isNull();
        assertThat(worst()).as("slowest HTTP/2 echo round trip during %s", during).isLessThan(EchoProbe.MAX_LATENCY);
        assertThat(roundTrips.get()).as("HTTP/2 echo round trips during and after %s", during).isGreaterThan(seen);
    }

    @Override
    public void close() {
        running = false;
        wire.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
