package dev.duplex.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Differential fuzzing of {@link Utf8Validator}: the fast paths (byte array, and {@link ByteBuffer} of every
 * shape, eight ASCII bytes at a time) against the byte-at-a-time {@link Utf8Validator#validateReference}, all fed
 * in the same arbitrary pieces, and the reference against the JDK's strict decoder.
 * <pre>
 * byte 0, bits 0-2  number k of cut points (0-7)
 *         bits 3-4  ByteBuffer shape ({@link Buffers})
 * bytes 1..k        cut points, each taken modulo the text length + 1
 * the rest          the bytes to validate
 * </pre>
 */
class Utf8FuzzTest {

    @FuzzTest(maxDuration = "8s")
    void utf8(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int k = data[0] & 7;
        if (data.length < 1 + k) {
            return;
        }
        byte[] text = Arrays.copyOfRange(data, 1 + k, data.length);
        int n = text.length;
        int[] cuts = new int[k + 2];
        for (int i = 0; i < k; i++) {
            cuts[i + 1] = (data[1 + i] & 0xFF) % (n + 1);
        }
        cuts[k + 1] = n;
        Arrays.sort(cuts);
        Buffers shape = Buffers.of((data[0] & 0xFF) >>> 3);
        ByteBuffer buffer = shape.wrap(text, 0, n);
        int base = buffer.position();

        int reference = Utf8Validator.validateReference(Utf8Validator.ACCEPT, text, 0, n);
        int fastArray = Utf8Validator.validate(Utf8Validator.ACCEPT, text, 0, n);
        int fastBuffer = Utf8Validator.validate(Utf8Validator.ACCEPT, buffer, base, base + n);
        FuzzFailure.check(fastArray == reference, () -> "array fast path " + fastArray + ", reference " + reference);
        FuzzFailure.check(fastBuffer == reference, () -> shape + " fast path " + fastBuffer + ", reference " + reference);
        FuzzFailure.check(Utf8Validator.isValid(text, 0, n) == (reference == Utf8Validator.ACCEPT), "isValid differs");

        int refState = Utf8Validator.ACCEPT;
        int arrayState = Utf8Validator.ACCEPT;
        int bufferState = Utf8Validator.ACCEPT;
        Utf8Validator incremental = new Utf8Validator();
        for (int i = 1; i < cuts.length; i++) {
            int from = cuts[i - 1];
            int to = cuts[i];
            refState = Utf8Validator.validateReference(refState, text, from, to);
            arrayState = Utf8Validator.validate(arrayState, text, from, to);
            bufferState = Utf8Validator.validate(bufferState, buffer, base + from, base + to);
            boolean ok = incremental.feed(buffer, base + from, base + to);
            if (arrayState != refState || bufferState != refState || ok != (refState != Utf8Validator.REJECT)) {
                throw new FuzzFailure("after bytes [" + from + ", " + to + ") of " + Arrays.toString(cuts)
                        + ": reference " + refState + ", array " + arrayState + ", " + shape + " " + bufferState
                        + ", feed " + ok);
            }
        }
        FuzzFailure.check(refState == reference, "the reference depends on the cuts");
        FuzzFailure.check(incremental.isComplete() == (reference == Utf8Validator.ACCEPT), "isComplete differs");
        FuzzFailure.check(shape.guardsIntact(buffer, n), "validation wrote to its input");
        checkAgainstJdk(text, reference);
    }

    /**
     * Whole input: valid for the validator exactly when the JDK's strict decoder decodes it. A prefix the
     * validator has not refused (RFC 6455 section 8.1 asks to fail fast) must not be refused by the JDK either.
     */
    private static void checkAgainstJdk(byte[] text, int reference) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean jdkValid;
        try {
            decoder.decode(ByteBuffer.wrap(text));
            jdkValid = true;
        } catch (CharacterCodingException e) {
            jdkValid = false;
        }
        if (jdkValid != (reference == Utf8Validator.ACCEPT)) {
            throw new FuzzFailure("JDK says " + (jdkValid ? "valid" : "invalid") + ", the validator's state is "
                    + reference + " for " + java.util.HexFormat.of().formatHex(text));
        }
        if (reference != Utf8Validator.REJECT) {
            decoder.reset();
            CoderResult result = decoder.decode(ByteBuffer.wrap(text), CharBuffer.allocate(text.length + 1), false);
            FuzzFailure.check(!result.isError(), () -> "the JDK refuses a prefix the validator accepts: "
                    + java.util.HexFormat.of().formatHex(text));
        }
    }
}
