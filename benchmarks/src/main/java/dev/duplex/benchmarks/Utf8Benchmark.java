package dev.duplex.benchmarks;

import dev.duplex.engine.text.Utf8Validator;
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
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Strict UTF-8 validation: {@link Utf8Validator} over an array, a heap buffer and a direct buffer, against the
 * JDK's strict {@link CharsetDecoder} (REPORT on malformed input) and {@code new String(bytes, UTF_8)} (which
 * replaces instead of rejecting, so it is a speed reference, not an alternative). {@code validateThenString}
 * is what the engine did for a whole text message until it validated arrays eight bytes at a time;
 * {@code skipAsciiThenString} is what it does now (ASCII-only text copied as ISO-8859-1). Score: ns per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Utf8Benchmark {

    /** ascii: only bytes below 0x80; mixed: about a third of the bytes in 2-, 3- and 4-byte sequences. */
    @Param({"ascii", "mixed"})
    String content;

    @Param({"32", "1024", "65536"})
    int size;

    private byte[] bytes;
    private ByteBuffer heap;
    private ByteBuffer direct;
    private CharsetDecoder decoder;
    private CharBuffer chars;

    @Setup
    public void setup() {
        bytes = content.equals("ascii") ? WireFrames.ascii(size).getBytes(StandardCharsets.US_ASCII)
                : WireFrames.mixedUtf8(size);
        if (!Utf8Validator.isValid(bytes, 0, bytes.length) || bytes.length != size) {
            throw new IllegalStateException("bad test input");
        }
        heap = ByteBuffer.wrap(bytes);
        direct = ByteBuffer.allocateDirect(size).put(bytes).flip();
        decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        chars = CharBuffer.allocate(size);
    }

    @Benchmark
    public int duplexArray() {
        return Utf8Validator.validate(Utf8Validator.ACCEPT, bytes, 0, size);
    }

    @Benchmark
    public int duplexHeapBuffer() {
        return Utf8Validator.validate(Utf8Validator.ACCEPT, heap, 0, size);
    }

    @Benchmark
    public int duplexDirectBuffer() {
        return Utf8Validator.validate(Utf8Validator.ACCEPT, direct, 0, size);
    }

    @Benchmark
    public CoderResult jdkDecoder() {
        decoder.reset();
        chars.clear();
        CoderResult r = decoder.decode(heap.duplicate(), chars, true);
        if (!r.isUnderflow()) {
            return r;
        }
        return decoder.flush(chars);
    }

    @Benchmark
    public String jdkNewString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Benchmark
    public String skipAsciiThenString() {
        int i = Utf8Validator.skipAscii(bytes, 0, size);
        if (i == size) {
            return new String(bytes, 0, size, StandardCharsets.ISO_8859_1);
        }
        if (Utf8Validator.validate(Utf8Validator.ACCEPT, bytes, i, size) != Utf8Validator.ACCEPT) {
            throw new IllegalStateException();
        }
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    @Benchmark
    public String validateThenString() {
        if (Utf8Validator.validate(Utf8Validator.ACCEPT, heap, 0, size) != Utf8Validator.ACCEPT) {
            throw new IllegalStateException();
        }
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }
}
