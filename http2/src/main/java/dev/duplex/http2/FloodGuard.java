package dev.duplex.http2;

import static dev.duplex.http2.ErrorCode.ENHANCE_YOUR_CALM;

/**
 * Clock-free budgets against peers that make us work without making progress (RFC 9113 section 10.5, the
 * equivalent of Jetty's {@code RateControl} without a clock). Each limit past which the connection fails with
 * GOAWAY(ENHANCE_YOUR_CALM):
 * <ul>
 * <li><b>Rapid reset</b> (CVE-2023-44487, and its variant where the peer provokes our resets): every stream the
 * peer opened that ends by a reset — its RST_STREAM before we sent END_STREAM, or our RST_STREAM for its error
 * (malformed request, refused over the concurrency limit, flow-control breach) — adds one to a debt; every peer
 * stream that completes normally (END_STREAM both ways) pays one back. A debt above
 * {@link Http2Config#rapidResetBudget()} fails the connection. Streams the local application resets do not
 * count.</li>
 * <li><b>Control frames</b> (PING and SETTINGS floods, CVE-2019-9512/9515): each PING or SETTINGS frame that
 * needs an answer counts; HEADERS, and DATA carrying data or END_STREAM, reset the count. More than
 * {@link Http2Config#maxControlFramesWithoutProgress()} in a row fails the connection.</li>
 * <li><b>Empty frames</b> (CVE-2019-9518): DATA frames with no data and no END_STREAM, and empty CONTINUATION
 * frames not ending their block, count likewise against
 * {@link Http2Config#maxEmptyFramesWithoutProgress()}.</li>
 * </ul>
 */
final class FloodGuard {
    private final int rapidResetBudget;
    private final int maxControlFrames;
    private final int maxEmptyFrames;
    private int resetDebt;
    private int controlFrames;
    private int emptyFrames;

    FloodGuard(Http2Config config) {
        this.rapidResetBudget = config.rapidResetBudget();
        this.maxControlFrames = config.maxControlFramesWithoutProgress();
        this.maxEmptyFrames = config.maxEmptyFramesWithoutProgress();
    }

    /** The peer sent HEADERS, or DATA with data or END_STREAM. */
    void progress() {
        controlFrames = 0;
        emptyFrames = 0;
    }

    /** The peer sent a PING or SETTINGS frame that we answer. */
    void controlFrame() {
        if (++controlFrames > maxControlFrames) {
            throw Http2Exception.connection(ENHANCE_YOUR_CALM, "PING/SETTINGS flood: more than " + maxControlFrames
                    + " without a request or data in between");
        }
    }

    /** The peer sent an empty DATA frame without END_STREAM, or an empty CONTINUATION without END_HEADERS. */
    void emptyFrame() {
        if (++emptyFrames > maxEmptyFrames) {
            throw Http2Exception.connection(ENHANCE_YOUR_CALM, "empty frame flood: more than " + maxEmptyFrames
                    + " empty frames without data in between");
        }
    }

    /** A stream the peer opened ended by a reset (see the class comment). */
    void peerStreamReset() {
        if (++resetDebt > rapidResetBudget) {
            throw Http2Exception.connection(ENHANCE_YOUR_CALM, "rapid reset: " + resetDebt
                    + " more peer streams reset than completed (CVE-2023-44487)");
        }
    }

    /** A stream the peer opened completed normally. */
    void peerStreamCompleted() {
        if (resetDebt > 0) {
            resetDebt--;
        }
    }

    @Override
    public String toString() {
        return "FloodGuard[resetDebt=" + resetDebt + "/" + rapidResetBudget + ", control=" + controlFrames + "/"
                + maxControlFrames + ", empty=" + emptyFrames + "/" + maxEmptyFrames + "]";
    }
}
