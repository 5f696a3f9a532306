package dev.duplex.cli.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code duplex bench} is asked to do.
 *
 * @param url                the echo endpoint ({@code ws://} or {@code wss://})
 * @param connections        connections to open
 * @param size               payload bytes per message
 * @param depth              messages in flight per connection (closed loop: each echo sends the next one);
 *                           ignored with {@code idle}
 * @param warmup             traffic before the measured window, not counted
 * @param duration           the measured window (with {@code idle}: how long the open connections are held)
 * @param binary             binary messages instead of text
 * @param compress           offer permessage-deflate (RFC 7692); connections where the server declines count as errors
 * @param idle               open the connections and hold them without sending anything
 * @param threads            event-loop threads of the load generator
 * @param connectConcurrency opening handshakes in progress at once
 * @param serverPid          a local server process whose CPU time is reported too, or 0
 * @param resultFile         where to write the results as {@code key=value} lines, or null
 * @param progress           print a progress line to stderr once a second
 * @param sourceAddresses    spread the connections over the local addresses 127.0.0.1 .. 127.0.0.N (one address
 *                           gives about 28,000 connections to one server port; Linux routes all of 127/8 to lo);
 *                           with {@code http2}, one HTTP/2 connection per address
 * @param http2              open the WebSockets over HTTP/2 (RFC 8441) with prior knowledge: cleartext HTTP/2 for
 *                           {@code ws://}, only {@code h2} offered by ALPN for {@code wss://}; the client shares one
 *                           connection per source address, so the WebSockets are streams of {@code sourceAddresses}
 *                           TCP connections. A WebSocket that opens over HTTP/1.1 instead (a server without extended
 *                           CONNECT, or past its stream limit) counts as an error
 * @param insecure           trust any server certificate for {@code wss://} (a local server with a self-signed key)
 */
public record BenchOptions(URI url, int connections, int size, int depth, Duration warmup, Duration duration,
                           boolean binary, boolean compress, boolean idle, int threads, int connectConcurrency,
                           long serverPid, Path resultFile, boolean progress, int sourceAddresses,
                           boolean http2, boolean insecure) {

    public BenchOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        if (connections < 1) {
            throw new IllegalArgumentException("--connections must be at least 1, got " + connections);
        }
        if (size < 0) {
            throw new IllegalArgumentException("--size must not be negative, got " + size);
        }
        if (!idle && depth < 1) {
            throw new IllegalArgumentException("--depth must be at least 1, got " + depth);
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
        if (sourceAddresses < 1 || sourceAddresses > 254) {
            throw new IllegalArgumentException("--source-addresses must be 1..254, got " + sourceAddresses);
        }
        if (threads < 1 || connectConcurrency < 1) {
            throw new IllegalArgumentException("--threads and --connect-concurrency must be at least 1");
        }
    }

    /** A builder with defaults for everything but the URL: 1 connection, 32-byte text, depth 1, 2 s warm-up, 10 s. */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** Builds {@link BenchOptions}. */
    public static final class Builder {
        private final URI url;
        private int connections = 1;
        private int size = 32;
        private int depth = 1;
        private Duration warmup = Duration.ofSeconds(2);
        private Duration duration = Duration.ofSeconds(10);
        private boolean binary;
        private boolean compress;
        private int sourceAddresses = 1;
        private boolean idle;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int connectConcurrency = 200;
        private long serverPid;
        private Path resultFile;
        private boolean progress = true;
        private boolean http2;
        private boolean insecure;

        private Builder(URI url) {
            this.url = url;
        }

        public Builder connections(int n) {
            this.connections = n;
            return this;
        }

        public Builder size(int bytes) {
            this.size = bytes;
            return this;
        }

        public Builder depth(int messages) {
            this.depth = messages;
            return this;
        }

        public Builder warmup(Duration d) {
            this.warmup = d;
            return this;
        }

        public Builder duration(Duration d) {
            this.duration = d;
            return this;
        }

        public Builder binary(boolean on) {
            this.binary = on;
            return this;
        }

        public Builder compress(boolean on) {
            this.compress = on;
            return this;
        }

        public Builder idle(boolean on) {
            this.idle = on;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Builder connectConcurrency(int n) {
            this.connectConcurrency = n;
            return this;
        }

        public Builder serverPid(long pid) {
            this.serverPid = pid;
            return this;
        }

        public Builder resultFile(Path file) {
            this.resultFile = file;
            return this;
        }

        public Builder sourceAddresses(int n) {
            this.sourceAddresses = n;
            return this;
        }

        public Builder http2(boolean on) {
            this.http2 = on;
            return this;
        }

        public Builder insecure(boolean on) {
            this.insecure = on;
            return this;
        }

        public Builder progress(boolean on) {
            this.progress = on;
            return this;
        }

        public BenchOptions build() {
            return new BenchOptions(url, connections, size, depth, warmup, duration, binary, compress, idle,
                    threads, connectConcurrency, serverPid, resultFile, progress, sourceAddresses, http2, insecure);
        }
    }

    /**
     * A one-line description such as {@code 100 connections, 32-byte text, depth 16} or {@code 100 WebSockets over
     * HTTP/2 from 10 source addresses, 32-byte text, depth 16}.
     */
    public String describe() {
        String what = idle ? "idle (no messages)"
                : size + "-byte " + (binary ? "binary" : "text") + ", depth " + depth;
        if (compress) {
            what += ", permessage-deflate";
        }
        if (http2) {
            return connections + (connections == 1 ? " WebSocket" : " WebSockets") + " over HTTP/2 from "
                    + sourceAddresses + (sourceAddresses == 1 ? " source address, " : " source addresses, ") + what;
        }
        return connections + (connections == 1 ? " connection, " : " connections, ") + what;
    }
}
