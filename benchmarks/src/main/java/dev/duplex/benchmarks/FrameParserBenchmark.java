package dev.duplex.benchmarks;

import dev.duplex.engine.Role;
import dev.duplex.engine.frame.FrameHandler;
import dev.duplex.engine.frame.FrameParser;
import dev.duplex.engine.frame.Opcode;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * {@link FrameParser} over a buffer of {@value #FRAMES} small masked frames (server role), as one read of
 * pipelined client messages: header decoding, per-frame checks and in-place unmasking. Score: ns per frame.
 * The handler only sums what it is told.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameParserBenchmark {
    static final int FRAMES = 256;

    /** Payload bytes per frame: 0 measures header handling alone. */
    @Param({"0", "32", "125"})
    int payload;

    /** Where the input lives: the transport reads into direct buffers. */
    @Param({"heap", "direct"})
    String memory;

    private ByteBuffer input;
    private FrameParser parser;
    private final Sum handler = new Sum();

    @Setup
    public void setup() {
        byte[] frames = WireFrames.masked(FRAMES, Opcode.BINARY, new byte[payload]);
        input = memory.equals("direct") ? ByteBuffer.allocateDirect(frames.length) : ByteBuffer.allocate(frames.length);
        input.put(frames).flip();
        parser = new FrameParser(Role.SERVER, 1 << 20, 0);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long parse() {
        // Unmasking in place flips the payload bits on every pass; headers and lengths stay the same.
        input.rewind();
        parser.parse(input, handler);
        return handler.total;
    }

    static final class Sum implements FrameHandler {
        long total;

        @Override
        public void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength) {
            total += opcode + payloadLength;
        }

        @Override
        public void onPayload(ByteBuffer buf, int from, int to) {
            total += to - from;
        }

        @Override
        public void onFrameEnd() {
            total++;
        }
    }
}
