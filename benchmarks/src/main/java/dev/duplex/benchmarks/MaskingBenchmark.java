package dev.duplex.benchmarks;

import dev.duplex.engine.frame.Masking;
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
 * RFC 6455 masking: {@link Masking#maskInPlace} (eight bytes at a time, the receive path) on heap and direct
 * buffers, {@link Masking#maskCopy} (the client send path: heap payload into a direct output chunk), against
 * byte-at-a-time loops over an array ({@link Masking#maskReference}) and over a buffer. Score: ns per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {
    private static final int KEY = 0x37FA213D;

    @Param({"16", "1024", "65536"})
    int size;

    private byte[] array;
    private ByteBuffer heap;
    private ByteBuffer direct;
    private ByteBuffer directOut;

    @Setup
    public void setup() {
        array = new byte[size];
        for (int i = 0; i < size; i++) {
            array[i] = (byte) (i * 31);
        }
        heap = ByteBuffer.wrap(array.clone());
        direct = ByteBuffer.allocateDirect(size).put(array.clone()).clear();
        directOut = ByteBuffer.allocateDirect(size);
    }

    @Benchmark
    public ByteBuffer maskInPlaceHeap() {
        Masking.maskInPlace(heap, 0, size, KEY, 0);
        return heap;
    }

    @Benchmark
    public ByteBuffer maskInPlaceDirect() {
        Masking.maskInPlace(direct, 0, size, KEY, 0);
        return direct;
    }

    @Benchmark
    public ByteBuffer maskCopyHeapToDirect() {
        Masking.maskCopy(heap, 0, directOut, 0, size, KEY, 0);
        return directOut;
    }

    @Benchmark
    public byte[] byteLoopArray() {
        Masking.maskReference(array, 0, size, KEY, 0);
        return array;
    }

    @Benchmark
    public ByteBuffer byteLoopDirect() {
        ByteBuffer b = direct;
        for (int i = 0; i < size; i++) {
            int keyByte = KEY >>> (24 - 8 * (i & 3));
            b.put(i, (byte) (b.get(i) ^ keyByte));
        }
        return b;
    }
}
