package dev.duplex.http2;

/**
 * What one {@link Http2Connection} advertises and tolerates. Build with {@link #builder()}; every value has a
 * safe default and is range-checked.
 *
 * @param maxConcurrentStreams  SETTINGS_MAX_CONCURRENT_STREAMS we advertise (section 6.5.2), enforced from the
 *                              first stream: a peer stream beyond it is refused with RST_STREAM(REFUSED_STREAM)
 *                              (section 5.1.2). Default 100
 * @param initialWindowSize     SETTINGS_INITIAL_WINDOW_SIZE we advertise: each stream's receive window
 *                              (section 6.9.2). Default 1 MiB
 * @param connectionWindowSize  the connection receive window, at least 65,535: the difference from 65,535 goes
 *                              out as a WINDOW_UPDATE on stream 0 right after our SETTINGS. Default 16 MiB
 * @param maxFrameSize          SETTINGS_MAX_FRAME_SIZE we advertise and the largest frame payload we accept, in
 *                              [16384, 16777215] (section 4.2). Default 16,384
 * @param maxHeaderListSize     SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce on decoded field blocks
 *                              (section 6.5.2, 10.5.1). Default 16 KiB
 * @param headerTableSize       SETTINGS_HEADER_TABLE_SIZE we advertise: the HPACK dynamic table our decoder
 *                              allows (RFC 7541 section 4.2). Default 4096
 * @param enableConnectProtocol a server advertises SETTINGS_ENABLE_CONNECT_PROTOCOL=1 and accepts extended
 *                              CONNECT requests (RFC 8441 section 3); ignored for clients. Default false
 * @param maxHeaderBlockBytes   the largest encoded field block (HEADERS plus its CONTINUATION frames) accepted,
 *                              checked as fragments arrive; larger is a connection error ENHANCE_YOUR_CALM.
 *                              Default 64 KiB
 * @param maxContinuationFrames the most CONTINUATION frames one field block may use; more is a connection error
 *                              ENHANCE_YOUR_CALM (the CONTINUATION flood). Default 32
 * @param rapidResetBudget      how far peer-opened streams ended by a reset (by the peer before we finished
 *                              answering, or by us for its error) may outnumber peer streams completed normally;
 *                              past it, GOAWAY(ENHANCE_YOUR_CALM) (CVE-2023-44487). Default 200
 * @param maxControlFramesWithoutProgress PING and SETTINGS frames (each makes us write an answer) accepted in a
 *                              row without the peer sending any HEADERS or DATA that carries data or END_STREAM;
 *                              past it, GOAWAY(ENHANCE_YOUR_CALM). Default 1000
 * @param maxEmptyFramesWithoutProgress DATA frames with no data and no END_STREAM, and empty CONTINUATION frames
 *                              not ending their block, accepted in a row likewise (CVE-2019-9518). Default 100
 */
public record Http2Config(int maxConcurrentStreams, int initialWindowSize, int connectionWindowSize, int maxFrameSize,
                          long maxHeaderListSize, int headerTableSize, boolean enableConnectProtocol,
                          int maxHeaderBlockBytes, int maxContinuationFrames, int rapidResetBudget,
                          int maxControlFramesWithoutProgress, int maxEmptyFramesWithoutProgress) {

    public Http2Config {
        range("maxConcurrentStreams", maxConcurrentStreams, 0, Integer.MAX_VALUE);
        range("initialWindowSize", initialWindowSize, 0, Settings.MAX_WINDOW_SIZE);
        range("connectionWindowSize", connectionWindowSize, Settings.DEFAULT_WINDOW_SIZE, Settings.MAX_WINDOW_SIZE);
        range("maxFrameSize", maxFrameSize, Settings.MIN_MAX_FRAME_SIZE, Settings.MAX_MAX_FRAME_SIZE);
        range("maxHeaderListSize", maxHeaderListSize, 1, 0xffffffffL);
        range("headerTableSize", headerTableSize, 0, Integer.MAX_VALUE);
        range("maxHeaderBlockBytes", maxHeaderBlockBytes, 1, 1 << 24);
        range("maxContinuationFrames", maxContinuationFrames, 0, Integer.MAX_VALUE);
        range("rapidResetBudget", rapidResetBudget, 1, Integer.MAX_VALUE);
        range("maxControlFramesWithoutProgress", maxControlFramesWithoutProgress, 1, Integer.MAX_VALUE);
        range("maxEmptyFramesWithoutProgress", maxEmptyFramesWithoutProgress, 1, Integer.MAX_VALUE);
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Http2Config defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder().maxConcurrentStreams(maxConcurrentStreams).initialWindowSize(initialWindowSize)
                .connectionWindowSize(connectionWindowSize).maxFrameSize(maxFrameSize)
                .maxHeaderListSize(maxHeaderListSize).headerTableSize(headerTableSize)
                .enableConnectProtocol(enableConnectProtocol).maxHeaderBlockBytes(maxHeaderBlockBytes)
                .maxContinuationFrames(maxContinuationFrames).rapidResetBudget(rapidResetBudget)
                .maxControlFramesWithoutProgress(maxControlFramesWithoutProgress)
                .maxEmptyFramesWithoutProgress(maxEmptyFramesWithoutProgress);
    }

    /** Builds an {@link Http2Config}; see the record components for meanings and defaults. */
    public static final class Builder {
        private int maxConcurrentStreams = 100;
        private int initialWindowSize = 1 << 20;
        private int connectionWindowSize = 16 << 20;
        private int maxFrameSize = Settings.MIN_MAX_FRAME_SIZE;
        private long maxHeaderListSize = 16 << 10;
        private int headerTableSize = 4096;
        private boolean enableConnectProtocol;
        private int maxHeaderBlockBytes = 64 << 10;
        private int maxContinuationFrames = 32;
        private int rapidResetBudget = 200;
        private int maxControlFramesWithoutProgress = 1000;
        private int maxEmptyFramesWithoutProgress = 100;

        private Builder() {
        }

        public Builder maxConcurrentStreams(int streams) {
            this.maxConcurrentStreams = streams;
            return this;
        }

        public Builder initialWindowSize(int bytes) {
            this.initialWindowSize = bytes;
            return this;
        }

        public Builder connectionWindowSize(int bytes) {
            this.connectionWindowSize = bytes;
            return this;
        }

        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        public Builder maxHeaderListSize(long bytes) {
            this.maxHeaderListSize = bytes;
            return this;
        }

        public Builder headerTableSize(int bytes) {
            this.headerTableSize = bytes;
            return this;
        }

        public Builder enableConnectProtocol(boolean on) {
            this.enableConnectProtocol = on;
            return this;
        }

        public Builder maxHeaderBlockBytes(int bytes) {
            this.maxHeaderBlockBytes = bytes;
            return this;
        }

        public Builder maxContinuationFrames(int frames) {
            this.maxContinuationFrames = frames;
            return this;
        }

        public Builder rapidResetBudget(int streams) {
            this.rapidResetBudget = streams;
            return this;
        }

        public Builder maxControlFramesWithoutProgress(int frames) {
            this.maxControlFramesWithoutProgress = frames;
            return this;
        }

        public Builder maxEmptyFramesWithoutProgress(int frames) {
            this.maxEmptyFramesWithoutProgress = frames;
            return this;
        }

        public Http2Config build() {
            return new Http2Config(maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize,
                    maxHeaderListSize, headerTableSize, enableConnectProtocol, maxHeaderBlockBytes,
                    maxContinuationFrames, rapidResetBudget, maxControlFramesWithoutProgress,
                    maxEmptyFramesWithoutProgress);
        }
    }
}
