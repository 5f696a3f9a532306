package dev.duplex.benchmarks;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.OutputBuffer;
import dev.duplex.engine.Role;
import dev.duplex.engine.WebSocketEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The whole engine (server role) receiving small text messages: {@value #MESSAGES} masked frames per call, as
 * one socket read of pipelined messages, each becoming an {@link Event.Text} (parse, unmask, validate, decode,
 * event record); {@code echoText} also sends each message back with {@code sendText}, as an echo server does.
 * Each call first copies the pristine masked bytes into the input buffer (about 1 ns per
 * message at 32 bytes), because the engine unmasks in place. Score: ns per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBenchmark {
    static final int MESSAGES = 64;

    @Param({"32", "1024"})
    int size;

    /** The transport reads into a direct buffer; heap shows the cost of that choice. */
    @Param({"direct", "heap"})
    String memory;

    private byte[] pristine;
    private ByteBuffer input;
    private WebSocketEngine engine;
    /** A server echoing each text message with {@code sendText}, into a direct output buffer like the transport's. */
    private WebSocketEngine echo;

    @Setup
    public void setup(Blackhole bh) {
        pristine = WireFrames.maskedText(MESSAGES, size);
        input = memory.equals("direct") ? ByteBuffer.allocateDirect(pristine.length)
                : ByteBuffer.allocate(pristine.length);
        ByteBuffer discard = ByteBuffer.allocate(1024);
        OutputBuffer out = min -> discard.clear();
        engine = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), null, out, event -> {
            if (event instanceof Event.Text t) {
                bh.consume(t.text());
            } else {
                throw new IllegalStateException("unexpected " + event);
            }
        });
        ByteBuffer chunk = ByteBuffer.allocateDirect(16 * 1024);
        OutputBuffer chunks = min -> chunk.remaining() >= min ? chunk : chunk.clear();
        echo = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), null, chunks, event -> {
            if (event instanceof Event.Text t) {
                echo.sendText(t.text());
            } else {
                throw new IllegalStateException("unexpected " + event);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void echoText() {
        input.clear();
        input.put(pristine).flip();
        echo.receive(input);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void receiveText() {
        input.clear();
        input.put(pristine).flip();
        engine.receive(input);
    }
}
