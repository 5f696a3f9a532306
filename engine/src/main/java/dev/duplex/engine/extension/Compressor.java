package dev.duplex.engine.extension;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * DEFLATE compression for one direction of a connection (RFC 7692 section 7.2.1), with a sliding window of
 * {@code 2^windowBits} bytes for any {@code windowBits} from 8 to 15.
 * <p>The JDK's deflater always uses a 32 KiB window. For smaller windows the input is compressed in segments
 * of {@code 2^(windowBits-1)} bytes, each by a freshly reset deflater primed with the previous
 * {@code 2^(windowBits-1)} bytes as its dictionary: no back-reference can then reach further than
 * {@code 2^windowBits} bytes, which is exactly what the peer's smaller window can resolve. Each segment ends
 * with a sync flush, so the segments concatenate into one valid DEFLATE stream.
 * <p>With context takeover off, every message starts from an empty window, and the deflater is returned to
 * a shared pool between messages.
 */
final class Compressor {
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final int windowBits;
    private final boolean contextTakeover;
    private final int level;
    private final int segment;
    private Deflater deflater;
    private byte[] history;
    private int historyLength;

    Compressor(int windowBits, boolean contextTakeover, int level) {
        if (windowBits < 8 || windowBits > 15) {
            throw new IllegalArgumentException("window bits must be 8 to 15, got " + windowBits);
        }
        this.windowBits = windowBits;
        this.contextTakeover = contextTakeover;
        this.level = level;
        this.segment = windowBits == 15 ? Integer.MAX_VALUE : 1 << (windowBits - 1);
    }

    /**
     * Compresses the remaining bytes of {@code data} (its position does not move). With {@code endOfMessage}
     * the output ends the message: the trailing {@code 00 00 ff ff} of the final sync flush is removed.
     */
    ByteBuffer compress(ByteBuffer data, boolean endOfMessage) {
        if (deflater == null) {
            deflater = ZlibPool.deflater(level);
        }
        Output out = new Output(data.remaining() / 2 + 64);
        if (windowBits == 15) {
            deflate(data.duplicate(), out);
        } else {
            ByteBuffer rest = data.duplicate();
            do {
                int n = Math.min(segment, rest.remaining());
                ByteBuffer piece = rest.slice(rest.position(), n);
                deflater.reset();
                if (historyLength > 0) {
                    deflater.setDictionary(history, 0, historyLength);
                }
                deflate(piece, out);
                remember(rest, rest.position(), n);
                rest.position(rest.position() + n);
            } while (rest.hasRemaining());
        }
        ByteBuffer result = out.finish(endOfMessage);
        if (endOfMessage && !contextTakeover) {
            ZlibPool.release(deflater);
            deflater = null;
            historyLength = 0;
        }
        return result;
    }

    private void deflate(ByteBuffer input, Output out) {
        deflater.setInput(input);
        ByteBuffer space;
        do {
            space = out.space();
            deflater.deflate(space, Deflater.SYNC_FLUSH);
            // The flush is complete once the deflater leaves some of the space it was given unused.
        } while (!space.hasRemaining());
    }

    /** Keeps the last {@code segment} bytes of plain data as the next segment's dictionary. */
    private void remember(ByteBuffer data, int from, int n) {
        if (history == null) {
            history = new byte[segment];
        }
        if (n >= segment) {
            data.get(from + n - segment, history, 0, segment);
            historyLength = segment;
            return;
        }
        int keep = Math.min(historyLength, segment - n);
        System.arraycopy(history, historyLength - keep, history, 0, keep);
        data.get(from, history, keep, n);
        historyLength = keep + n;
    }

    void close() {
        if (deflater != null) {
            ZlibPool.release(deflater);
            deflater = null;
        }
        history = null;
        historyLength = 0;
    }

    /** A growable heap output buffer. */
    private static final class Output {
        private ByteBuffer buf;

        Output(int initial) {
            buf = ByteBuffer.allocate(Math.max(initial, 64));
        }

        ByteBuffer space() {
            if (buf.remaining() < 16) {
                buf = ByteBuffer.wrap(Arrays.copyOf(buf.array(), buf.capacity() * 2)).position(buf.position());
            }
            return buf;
        }

        ByteBuffer finish(boolean endOfMessage) {
            buf.flip();
            if (endOfMessage) {
                if (endsWithTail(buf)) {
                    buf.limit(buf.limit() - TAIL.length);
                } else if (!buf.hasRemaining()) {
                    // zlib writes nothing for a sync flush right after another with no new input (an empty
                    // message with context takeover). The receiver appends 00 00 ff ff to whatever comes, so
                    // send the single 0x00 of RFC 7692 section 7.2.3.6: together they are an empty block.
                    buf = ByteBuffer.wrap(new byte[] {0});
                }
            }
            return buf;
        }

        private static boolean endsWithTail(ByteBuffer b) {
            int n = b.limit();
            if (n < TAIL.length) {
                return false;
            }
            for (int i = 0; i < TAIL.length; i++) {
                if (b.get(n - TAIL.length + i) != TAIL[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
