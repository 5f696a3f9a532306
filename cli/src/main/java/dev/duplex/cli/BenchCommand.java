package dev.duplex.cli;

import dev.duplex.cli.bench.BenchOptions;
import dev.duplex.cli.bench.BenchResult;
import dev.duplex.cli.bench.LoadTest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code duplex bench}: a closed-loop echo load generator on Duplex's client. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load-tests a WebSocket echo endpoint: opens --connections connections, keeps --depth "
                + "messages in flight on each (every echo sends the next message), and reports messages/s, MB/s, "
                + "round-trip latency percentiles and CPU time (its own, and the server's with --server-pid).",
                "With --idle it opens the connections and holds them for --duration without sending anything.",
                "Exit code: 0 when everything came back intact, 1 on any error, 2 for unsupported options."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL", description = "The echo endpoint, e.g. ws://127.0.0.1:8080/echo.")
    URI url;

    @Option(names = {"-c", "--connections"}, defaultValue = "1",
            description = "Connections: WebSockets, each on its own TCP connection, or with --http2 each a stream "
                    + "(default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-s", "--size"}, defaultValue = "32", converter = Sizes.class,
            description = "Payload bytes per message, e.g. 32 or 64KiB (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = {"-d", "--depth"}, defaultValue = "1",
            description = "Messages in flight per connection (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--duration", defaultValue = "10s", converter = Durations.class,
            description = "Measured time, e.g. 10s, 500ms, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", converter = Durations.class,
            description = "Traffic before measuring, not counted (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--binary", description = "Send binary messages instead of text.")
    boolean binary;

    @Option(names = "--idle", description = "Open the connections and hold them for --duration without messages.")
    boolean idle;

    @Option(names = "--compress", description = "Offer permessage-deflate (RFC 7692, window 15, level 6); a "
            + "connection where the server declines it counts as an error.")
    boolean compress;

    @Option(names = "--source-addresses", defaultValue = "1", paramLabel = "N",
            description = "Spread connections over 127.0.0.1..127.0.0.N as local addresses (for more than about "
                    + "28,000 connections to one server port; with --http2: N HTTP/2 connections; default: "
                    + "${DEFAULT-VALUE}).")
    int sourceAddresses;

    @Option(names = "--http2", description = "Open the WebSockets over HTTP/2 (RFC 8441) with prior knowledge: "
            + "cleartext h2c for ws://, ALPN h2 for wss://. They are streams of one shared connection per source "
            + "address (see --source-addresses); one that opens over HTTP/1.1 instead counts as an error.")
    boolean http2;

    @Option(names = "--insecure", description = "wss://: trust any server certificate and host name (a local "
            + "server with a self-signed key).")
    boolean insecure;

    @Option(names = {"-t", "--threads"}, description = "Event-loop threads (default: available processors).")
    Integer threads;

    @Option(names = "--connect-concurrency", defaultValue = "200",
            description = "Opening handshakes in progress at once (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "Also report the CPU time of this local server process.")
    long serverPid;

    @Option(names = "--result-file", paramLabel = "FILE", description = "Also write the results as key=value lines.")
    Path resultFile;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (size > Integer.MAX_VALUE - 8) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--size is at most 2 GiB");
        }
        BenchOptions options;
        try {
            options = BenchOptions.builder(url).connections(connections).size((int) size).depth(depth)
                    .warmup(warmup).duration(duration).binary(binary).compress(compress).idle(idle)
                    .threads(threads != null ? threads : Runtime.getRuntime().availableProcessors())
                    .connectConcurrency(connectConcurrency).serverPid(serverPid).resultFile(resultFile).sourceAddresses(sourceAddresses)
                    .http2(http2).insecure(insecure).progress(!quiet).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        BenchResult result = LoadTest.run(options, System.err);
        System.out.print(result.format());
        System.out.flush();
        if (resultFile != null) {
            writeResults(resultFile, result.toMap());
        }
        return result.clean() && result.opened() > 0 ? 0 : 1;
    }

    private static void writeResults(Path file, Map<String, String> values) throws IOException {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, b);
    }

    /** Reads {@code 10s}, {@code 500ms}, {@code 2m}, a plain number of seconds, or ISO-8601 ({@code PT10S}). */
    static final class Durations implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("pt")) {
                    return Duration.parse(value.trim());
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Math.round(number(v, 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofMillis(Math.round(number(v, 1) * 1000));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMillis(Math.round(number(v, 1) * 60_000));
                }
                return Duration.ofMillis(Math.round(number(v, 0) * 1000));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (try 10s, 500ms, 2m)");
            }
        }

        private static double number(String v, int unitLength) {
            double n = Double.parseDouble(v.substring(0, v.length() - unitLength).trim());
            if (!(n >= 0) || Double.isInfinite(n)) {
                throw new NumberFormatException(v);
            }
            return n;
        }
    }
}
