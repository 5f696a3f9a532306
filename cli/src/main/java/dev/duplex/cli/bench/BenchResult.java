package dev.duplex.cli.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link LoadTest} measured. Times are nanoseconds; CPU times are -1 when unknown.
 *
 * @param options          what was asked
 * @param opened           connections whose opening handshake succeeded
 * @param connectFailed    connections that could not be opened
 * @param compressed       connections on which permessage-deflate was agreed
 * @param overHttp2        WebSockets that opened as streams of an HTTP/2 connection (RFC 8441)
 * @param tcpConnections   TCP connections that carried the open WebSockets (distinct local addresses and ports)
 * @param connectNanos     from the first connect to the last handshake done
 * @param connectLatency   per-connection time from connect to open (TCP + HTTP upgrade)
 * @param sent             messages sent, warm-up and drain included
 * @param received         echoes received, warm-up and drain included
 * @param errors           wrong echoes, unexpected messages, connection errors and unexpected closes
 * @param windowNanos      length of the measured window
 * @param measured         echoes received inside the window
 * @param measuredBytes    their payload bytes
 * @param latency          round-trip times of the echoes received inside the window
 * @param toolCpuNanos     CPU time of this process inside the window
 * @param serverCpuNanos   CPU time of the server process inside the window (with a server PID)
 * @param connectToolCpu   CPU time of this process while connecting
 * @param connectServerCpu CPU time of the server while connecting
 * @param firstError       the first error seen, or null
 */
public record BenchResult(BenchOptions options, int opened, int connectFailed, int compressed, int overHttp2,
                          int tcpConnections,
                          long connectNanos, LatencyHistogram connectLatency, long sent, long received, long errors,
                          long windowNanos, long measured, long measuredBytes, LatencyHistogram latency,
                          long toolCpuNanos, long serverCpuNanos, long connectToolCpu, long connectServerCpu,
                          String firstError) {

    public double seconds() {
        return windowNanos / 1e9;
    }

    public double messagesPerSecond() {
        return windowNanos == 0 ? 0 : measured / seconds();
    }

    /** Payload megabytes (10<sup>6</sup> bytes) echoed back per second. */
    public double megabytesPerSecond() {
        return windowNanos == 0 ? 0 : measuredBytes / 1e6 / seconds();
    }

    /** True when every connection opened, every message came back intact, and nothing failed. */
    public boolean clean() {
        return connectFailed == 0 && errors == 0 && sent == received;
    }

    /** The human-readable summary. */
    public String format() {
        StringBuilder b = new StringBuilder();
        int cores = Runtime.getRuntime().availableProcessors();
        b.append(String.format(Locale.ROOT, "duplex bench %s: %s%n", options.url(), options.describe()));
        double connectSeconds = connectNanos / 1e9;
        b.append(String.format(Locale.ROOT, "connections  %,d open in %.3f s (%,.0f/s; connect+handshake p50 %s, "
                        + "p99 %s, max %s)%s%n", opened, connectSeconds,
                connectSeconds == 0 ? 0 : opened / connectSeconds, micros(connectLatency.percentile(50)),
                micros(connectLatency.percentile(99)), micros(connectLatency.max()),
                connectFailed == 0 ? "" : String.format(Locale.ROOT, ", %,d FAILED", connectFailed)));
        b.append(transportLine());
        if (options.compress()) {
            b.append(String.format(Locale.ROOT, "compression  permessage-deflate agreed on %,d of %,d connections%n",
                    compressed, opened));
        }
        if (connectServerCpu >= 0 && opened > 0) {
            b.append(String.format(Locale.ROOT, "             server CPU while connecting %.0f ms (%.1f us per "
                    + "connection)%n", connectServerCpu / 1e6, connectServerCpu / 1e3 / opened));
        }
        if (!options.idle()) {
            b.append(String.format(Locale.ROOT, "messages     %,d sent, %,d echoed, %,d errors; %,d echoed in the "
                    + "measured %.2f s%n", sent, received, errors, measured, seconds()));
            b.append(String.format(Locale.ROOT, "throughput   %,.0f msg/s, %.2f MB/s of payload echoed%n",
                    messagesPerSecond(), megabytesPerSecond()));
            b.append(String.format(Locale.ROOT, "latency      p50 %s, p99 %s, p99.9 %s, max %s, mean %s "
                            + "(round trip, %,d samples)%n", micros(latency.percentile(50)),
                    micros(latency.percentile(99)), micros(latency.percentile(99.9)), micros(latency.max()),
                    micros((long) latency.mean()), latency.count()));
        } else {
            b.append(String.format(Locale.ROOT, "idle         held %,d connections for %.2f s; %,d errors%n", opened,
                    seconds(), errors));
        }
        b.append(cpuLine("cpu (tool)  ", toolCpuNanos, cores));
        if (options.serverPid() > 0) {
            b.append(cpuLine("cpu (server)", serverCpuNanos, cores));
        }
        if (firstError != null) {
            b.append("first error  ").append(firstError).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** How the WebSockets were carried: HTTP/1.1 upgrades, streams of HTTP/2 connections, or a mix. */
    private String transportLine() {
        int overHttp1 = opened - overHttp2;
        String asked = options.http2() ? "HTTP/2 asked (prior knowledge" + (isTls() ? ", ALPN h2" : ", cleartext h2c")
                + ")" : "HTTP/1.1";
        String carried;
        if (opened == 0) {
            carried = "no WebSocket open";
        } else if (overHttp2 == 0) {
            carried = String.format(Locale.ROOT, "%,d over HTTP/1.1 on %,d TCP connections", opened, tcpConnections);
        } else if (overHttp1 == 0) {
            carried = String.format(Locale.ROOT, "%,d as HTTP/2 streams on %,d TCP %s (%.1f per connection)",
                    opened, tcpConnections, tcpConnections == 1 ? "connection" : "connections",
                    tcpConnections == 0 ? 0.0 : (double) opened / tcpConnections);
        } else {
            carried = String.format(Locale.ROOT, "%,d as HTTP/2 streams and %,d over HTTP/1.1, on %,d TCP connections "
                    + "in all", overHttp2, overHttp1, tcpConnections);
        }
        return String.format(Locale.ROOT, "transport    %s: %s%n", asked, carried);
    }

    private boolean isTls() {
        return "wss".equalsIgnoreCase(options.url().getScheme());
    }

    private String cpuLine(String label, long cpu, int cores) {
        if (cpu < 0) {
            return label + " unknown" + System.lineSeparator();
        }
        double pct = windowNanos == 0 ? 0 : 100.0 * cpu / windowNanos;
        String perMessage = measured == 0 ? "" : String.format(Locale.ROOT, ", %.2f us/message", cpu / 1e3 / measured);
        return String.format(Locale.ROOT, "%s %.2f s in %.2f s = %.0f%% of one core (%.0f%% of %d)%s%n", label,
                cpu / 1e9, seconds(), pct, pct / cores, cores, perMessage);
    }

    private static String micros(long nanos) {
        if (nanos >= 10_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f us", nanos / 1e3);
    }

    /** The results as ordered {@code key=value} pairs (for scripts: see {@code benchmarks/compare.sh}). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", options.url().toString());
        m.put("connections", Integer.toString(options.connections()));
        m.put("size", Integer.toString(options.size()));
        m.put("depth", options.idle() ? "0" : Integer.toString(options.depth()));
        m.put("binary", Boolean.toString(options.binary()));
        m.put("compress", Boolean.toString(options.compress()));
        m.put("opened", Integer.toString(opened));
        m.put("connect_failed", Integer.toString(connectFailed));
        m.put("compressed", Integer.toString(compressed));
        m.put("http_version", options.http2() ? "2" : "1.1");
        m.put("over_http2", Integer.toString(overHttp2));
        m.put("tcp_connections", Integer.toString(tcpConnections));
        m.put("connect_ms", fmt(connectNanos / 1e6));
        m.put("connect_per_s", fmt(connectNanos == 0 ? 0 : opened / (connectNanos / 1e9)));
        m.put("connect_p50_us", fmt(connectLatency.percentile(50) / 1e3));
        m.put("connect_p99_us", fmt(connectLatency.percentile(99) / 1e3));
        m.put("connect_server_cpu_ms", fmt(connectServerCpu < 0 ? -1 : connectServerCpu / 1e6));
        m.put("connect_tool_cpu_ms", fmt(connectToolCpu < 0 ? -1 : connectToolCpu / 1e6));
        m.put("sent", Long.toString(sent));
        m.put("received", Long.toString(received));
        m.put("errors", Long.toString(errors));
        m.put("window_s", fmt(seconds()));
        m.put("messages", Long.toString(measured));
        m.put("msgs_per_s", fmt(messagesPerSecond()));
        m.put("mb_per_s", fmt(megabytesPerSecond()));
        m.put("lat_p50_us", fmt(latency.percentile(50) / 1e3));
        m.put("lat_p99_us", fmt(latency.percentile(99) / 1e3));
        m.put("lat_p999_us", fmt(latency.percentile(99.9) / 1e3));
        m.put("lat_max_us", fmt(latency.max() / 1e3));
        m.put("lat_mean_us", fmt(latency.mean() / 1e3));
        m.put("tool_cpu_s", fmt(toolCpuNanos < 0 ? -1 : toolCpuNanos / 1e9));
        m.put("tool_cpu_us_per_msg", fmt(toolCpuNanos < 0 || measured == 0 ? -1 : toolCpuNanos / 1e3 / measured));
        m.put("server_cpu_s", fmt(serverCpuNanos < 0 ? -1 : serverCpuNanos / 1e9));
        m.put("server_cpu_us_per_msg", fmt(serverCpuNanos < 0 || measured == 0 ? -1
                : serverCpuNanos / 1e3 / measured));
        m.put("clean", Boolean.toString(clean()));
        return m;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
