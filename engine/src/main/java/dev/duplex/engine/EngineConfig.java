package dev.duplex.engine;

import java.util.Objects;

/**
 * Limits and switches of one engine. Build with {@link #builder()}.
 *
 * @param maxFramePayload largest frame payload accepted, checked from the frame header before any
 *                        allocation (RFC 6455 section 10.4); larger frames close with 1009
 * @param maxMessageSize  largest message accepted, checked as fragments arrive; larger ones close with 1009.
 *                        Whole messages are held in one array, so without {@code streamIncoming} the limit in
 *                        force is at most {@code Integer.MAX_VALUE - 8} bytes
 * @param maxFragments    largest number of frames one message may be made of; more closes with 1009
 * @param autoPong        answer every ping with a pong carrying the same payload (section 5.5.2)
 * @param streamIncoming  report messages as {@link Event.Fragment}s as they arrive instead of whole
 *                        (the message size limit still applies, per message)
 * @param memoryBudget    memory that the message buffers of all engines sharing it draw from (default: half
 *                        the heap, shared by the whole JVM); a message that cannot grow closes with 1013
 */
public record EngineConfig(long maxFramePayload, long maxMessageSize, long maxFragments, boolean autoPong,
                           boolean streamIncoming, MemoryBudget memoryBudget) {

    /** 16 MiB, enough for typical applications and still safe against memory exhaustion. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024;
    /** Enough for a 16 MiB message sent one byte a frame... and then some (65,536 one-byte fragments pass). */
    public static final long DEFAULT_MAX_FRAGMENTS = 1L << 20;

    public EngineConfig {
        Objects.requireNonNull(memoryBudget, "memoryBudget");
        if (maxFramePayload < 125) {
            throw new IllegalArgumentException("maxFramePayload must be at least 125, got " + maxFramePayload);
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize);
        }
        if (maxFragments < 1) {
            throw new IllegalArgumentException("maxFragments must be positive, got " + maxFragments);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EngineConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder().maxFramePayload(maxFramePayload).maxMessageSize(maxMessageSize)
                .maxFragments(maxFragments).autoPong(autoPong).streamIncoming(streamIncoming)
                .memoryBudget(memoryBudget);
    }

    /** Builds an {@link EngineConfig}; every setting has a safe default. */
    public static final class Builder {
        private long maxFramePayload = DEFAULT_MAX_MESSAGE_SIZE;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private long maxFragments = DEFAULT_MAX_FRAGMENTS;
        private boolean autoPong = true;
        private boolean streamIncoming = false;
        private MemoryBudget memoryBudget = MemoryBudget.halfHeap();

        private Builder() {
        }

        public Builder maxFramePayload(long bytes) {
            this.maxFramePayload = bytes;
            return this;
        }

        /** Sets the message limit, and the frame limit with it when the frame limit was larger. */
        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = bytes;
            if (maxFramePayload > bytes && bytes >= 125) {
                maxFramePayload = bytes;
            }
            return this;
        }

        public Builder maxFragments(long count) {
            this.maxFragments = count;
            return this;
        }

        public Builder autoPong(boolean on) {
            this.autoPong = on;
            return this;
        }

        public Builder streamIncoming(boolean on) {
            this.streamIncoming = on;
            return this;
        }

        /** Shares a {@link MemoryBudget} between engines; {@link MemoryBudget#unlimited()} turns it off. */
        public Builder memoryBudget(MemoryBudget budget) {
            this.memoryBudget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(maxFramePayload, maxMessageSize, maxFragments, autoPong, streamIncoming,
                    memoryBudget);
        }
    }

    @Override
    public String toString() {
        return "EngineConfig[maxFramePayload=" + maxFramePayload + ", maxMessageSize=" + maxMessageSize
                + ", maxFragments=" + maxFragments + ", autoPong=" + autoPong
                + ", streamIncoming=" + streamIncoming + ", memoryBudget=" + memoryBudget + "]";
    }

    /**
     * The message size limit in force: without {@code streamIncoming} a whole message lives in one array, so at
     * most {@code Integer.MAX_VALUE - 8} bytes.
     */
    long messageLimitInForce() {
        return streamIncoming ? maxMessageSize : Math.min(maxMessageSize, Integer.MAX_VALUE - 8);
    }

    static EngineConfig orDefault(EngineConfig config) {
        return Objects.requireNonNullElseGet(config, EngineConfig::defaults);
    }
}
