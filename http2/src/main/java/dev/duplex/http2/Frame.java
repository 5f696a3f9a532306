package dev.duplex.http2;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One decoded frame (RFC 9113 section 6), already checked against the rules that need no connection state:
 * lengths, the stream-0 rules of each type, padding. Buffers are views into the input or the reader's
 * scratch space: valid until the next frame is read.
 */
sealed interface Frame {

    int streamId();

    /**
     * DATA (section 6.1) with padding removed.
     *
     * @param flowControlled the whole payload length, padding included: what counts against flow control
     */
    record Data(int streamId, ByteBuffer data, boolean endStream, int flowControlled) implements Frame {
    }

    /**
     * HEADERS (section 6.2) with padding and the deprecated priority fields removed (section 5.3.2).
     *
     * @param selfDependent the priority fields named the stream itself: a stream error once the field block is
     *                      decoded (RFC 7540 section 5.3.1, kept by RFC 9113 section 5.3.1)
     */
    record Headers(int streamId, ByteBuffer fragment, boolean endStream, boolean endHeaders, boolean selfDependent)
            implements Frame {
    }

    /** PRIORITY (section 6.3): ignored beyond its validity checks (section 5.3.2). */
    record Priority(int streamId, int dependency) implements Frame {
    }

    /** RST_STREAM (section 6.4). */
    record RstStream(int streamId, ErrorCode code) implements Frame {
    }

    /** SETTINGS (section 6.5), values already range-checked ({@link Settings#check(int, long)}). */
    record SettingsFrame(boolean ack, List<Setting> settings) implements Frame {
        @Override
        public int streamId() {
            return 0;
        }
    }

    /** One SETTINGS parameter as sent (section 6.5.1); unknown identifiers are kept and ignored later. */
    record Setting(int id, long value) {
    }

    /** PUSH_PROMISE (section 6.6) with padding removed. */
    record PushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders)
            implements Frame {
    }

    /** PING (section 6.7): the 8 opaque octets as a big-endian long. */
    record Ping(boolean ack, long opaque) implements Frame {
        @Override
        public int streamId() {
            return 0;
        }
    }

    /** GOAWAY (section 6.8); the debug data is decoded as UTF-8 for diagnostics only. */
    record GoAway(int lastStreamId, ErrorCode code, String debug) implements Frame {
        @Override
        public int streamId() {
            return 0;
        }
    }

    /** WINDOW_UPDATE (section 6.9), increment in 1..2^31-1. */
    record WindowUpdate(int streamId, int increment) implements Frame {
    }

    /** CONTINUATION (section 6.10). */
    record Continuation(int streamId, ByteBuffer fragment, boolean endHeaders) implements Frame {
    }

    /** A frame of an unknown type: ignored (sections 4.1, 5.5) unless it interrupts a field block. */
    record Unknown(int type, int streamId, int length) implements Frame {
    }
}
