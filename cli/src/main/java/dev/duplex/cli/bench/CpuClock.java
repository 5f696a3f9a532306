package dev.duplex.cli.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * The CPU time (user + system, all threads) of this process or of another local process, from
 * {@link ProcessHandle.Info#totalCpuDuration()} (on Linux {@code /proc/PID/stat}, in clock ticks of 10 ms).
 */
final class CpuClock {
    private final ProcessHandle process;

    private CpuClock(ProcessHandle process) {
        this.process = process;
    }

    static CpuClock self() {
        return new CpuClock(ProcessHandle.current());
    }

    /** The clock of process {@code pid}, or null when {@code pid} is 0 or no such process is visible. */
    static CpuClock of(long pid) {
        if (pid <= 0) {
            return null;
        }
        return ProcessHandle.of(pid).map(CpuClock::new).orElse(null);
    }

    /** CPU nanoseconds used so far, or -1 when the platform does not tell. */
    long nanos() {
        Optional<Duration> d = process.info().totalCpuDuration();
        return d.map(Duration::toNanos).orElse(-1L);
    }

    long pid() {
        return process.pid();
    }

    /** {@code end - start}, or -1 when either is unknown. */
    static long between(long start, long end) {
        return start < 0 || end < 0 ? -1 : end - start;
    }
}
