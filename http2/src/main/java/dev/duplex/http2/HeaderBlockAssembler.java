package dev.duplex.http2;

import java.nio.ByteBuffer;

import static dev.duplex.http2.ErrorCode.ENHANCE_YOUR_CALM;
import static dev.duplex.http2.ErrorCode.PROTOCOL_ERROR;

/**
 * Joins a HEADERS frame and its CONTINUATION frames into one field block (RFC 9113 sections 4.3, 6.10), after
 * python-hyper/h2's {@code frame_buffer.py}. While a block is open, any frame other than CONTINUATION on the
 * same stream is a connection error PROTOCOL_ERROR (section 6.10). The block size and the number of
 * CONTINUATION frames are limited as fragments arrive, before the block grows (the CONTINUATION flood):
 * past either limit, a connection error ENHANCE_YOUR_CALM.
 */
final class HeaderBlockAssembler {

    /** A complete field block with the flags of the HEADERS frame that started it. */
    record Block(int streamId, ByteBuffer fragment, boolean endStream, boolean selfDependent) {
    }

    private final int maxBlockBytes;
    private final int maxContinuations;
    private Frame.Headers first;
    private ByteBuffer gathered;
    private int continuations;

    HeaderBlockAssembler(int maxBlockBytes, int maxContinuations) {
        this.maxBlockBytes = maxBlockBytes;
        this.maxContinuations = maxContinuations;
    }

    /** True between a HEADERS frame without END_HEADERS and the CONTINUATION that ends its block. */
    boolean inBlock() {
        return first != null;
    }

    /** The stream of the open block (0 when none). */
    int streamId() {
        return first == null ? 0 : first.streamId();
    }

    /** Starts a block; returns it when the frame carries END_HEADERS, else null (CONTINUATION must follow). */
    Block headers(Frame.Headers f) {
        checkSize(f.fragment().remaining());
        if (f.endHeaders()) {
            return new Block(f.streamId(), f.fragment(), f.endStream(), f.selfDependent());
        }
        first = f;
        continuations = 0;
        gathered = ByteBuffer.allocate(Math.min(maxBlockBytes, Math.max(256, 2 * f.fragment().remaining())));
        gathered.put(f.fragment());
        return null;
    }

    /** Adds a CONTINUATION; returns the block once END_HEADERS arrives, else null. */
    Block continuation(Frame.Continuation f) {
        if (first == null) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "CONTINUATION without a preceding HEADERS (6.10)");
        }
        if (f.streamId() != first.streamId()) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "CONTINUATION on stream " + f.streamId()
                    + " inside the field block of stream " + first.streamId() + " (6.10)");
        }
        if (++continuations > maxContinuations) {
            throw Http2Exception.connection(ENHANCE_YOUR_CALM, "CONTINUATION flood: more than " + maxContinuations
                    + " CONTINUATION frames in one field block");
        }
        int size = gathered.position() + f.fragment().remaining();
        checkSize(size);
        if (size > gathered.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxBlockBytes, Math.max(size, 2 * gathered.capacity())));
            gathered.flip();
            bigger.put(gathered);
            gathered = bigger;
        }
        gathered.put(f.fragment());
        if (!f.endHeaders()) {
            return null;
        }
        Block block = new Block(first.streamId(), gathered.flip(), first.endStream(), first.selfDependent());
        first = null;
        gathered = null;
        return block;
    }

    private void checkSize(int size) {
        if (size > maxBlockBytes) {
            throw Http2Exception.connection(ENHANCE_YOUR_CALM, "field block larger than " + maxBlockBytes
                    + " octets");
        }
    }

    @Override
    public String toString() {
        return first == null ? "HeaderBlockAssembler[idle]" : "HeaderBlockAssembler[stream " + first.streamId()
                + ", " + gathered.position() + " octets, " + continuations + " CONTINUATION]";
    }
}
