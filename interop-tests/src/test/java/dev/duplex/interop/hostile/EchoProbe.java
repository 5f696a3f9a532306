package dev.duplex.interop.hostile;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A well-behaved client that keeps using {@code /echo} while an attack runs: every {@value #PERIOD_MS} ms it sends
 * a short text message and waits for its echo, recording the slowest round trip. An echo that has not come back
 * counts with the time it has waited so far, so a server that stopped answering cannot look fast.
 */
final class EchoProbe implements AutoCloseable {
    static final Duration MAX_LATENCY = Duration.ofSeconds(2);
    private static final long PERIOD_MS = 50;

    private final Wire wire;
    private final Thread thread;
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong sentAt = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private EchoProbe(int port) throws Exception {
        wire = Wire.upgrade(port, "/echo");
        thread = new Thread(this::run, "echo-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects now (before the attack takes any connection slot) and starts probing. */
    static EchoProbe start(int port) throws Exception {
        return new EchoProbe(port);
    }

    private void run() {
        try {
            for (long i = 0; running; i++) {
                String text = "probe " + i;
                long t0 = System.nanoTime();
                sentAt.set(t0);
                wire.send(Wire.text(text));
                Wire.Frame f = wire.readFrame(Duration.ofSeconds(30));
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

    /**
     * Checks that the probe worked all along, each echo within {@link #MAX_LATENCY}, and that one more echo comes
     * back now: the server is still serving once the attack is over (or while it goes on).
     */
    /** After an attack: this probe still gets its echoes, it closes, and the server is still healthy. */
    void assertSurvivedAndClose(String attack, ServeProcess server) {
        try {
            assertResponsive(attack);
        } finally {
            close();
        }
        server.assertHealthy();
    }

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
        assertThat(failure.get()).as("echo client failure during %s", during).isNull();
        assertThat(worst()).as("slowest echo round trip during %s", during).isLessThan(MAX_LATENCY);
        assertThat(roundTrips()).as("echo round trips during and after %s", during).isGreaterThan(seen);
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
