package dev.duplex.benchmarks;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.OutputBuffer;
import dev.duplex.engine.Role;
import dev.duplex.engine.WebSocketEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Encoding outgoing messages with {@link WebSocketEngine#sendText} and {@link WebSocketEngine#sendBinary} into a
 * direct output buffer like the transport's chunks: a server (unmasked) and a client (masked, a fixed key
 * source instead of the transport's strong one). Score: ns per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SendBenchmark {

    @Param({"SERVER", "CLIENT"})
    Role role;

    @Param({"32", "1024"})
    int size;

    private String text;
    private ByteBuffer binary;
    private WebSocketEngine engine;

    @Setup
    public void setup() {
        text = WireFrames.ascii(size);
        binary = ByteBuffer.wrap(WireFrames.mixedUtf8(size));
        ByteBuffer chunk = ByteBuffer.allocateDirect(16 * 1024);
        OutputBuffer out = min -> chunk.remaining() >= min ? chunk : chunk.clear();
        int[] key = {0x1234_5678};
        engine = new WebSocketEngine(role, EngineConfig.defaults(), () -> key[0] += 0x9E37_79B9, out, event -> {
        });
    }

    @Benchmark
    public WebSocketEngine sendText() {
        engine.sendText(text);
        return engine;
    }

    @Benchmark
    public WebSocketEngine sendBinary() {
        engine.sendBinary(binary);
        return engine;
    }
}
