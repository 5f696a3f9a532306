package dev.duplex.transport;

import java.io.IOException;

/** Fails a send refused because the connection's outgoing buffer was over its limit (see {@link OverflowPolicy}). */
public final class SendBufferOverflowException extends IOException {
    private final long bufferedAmount;
    private final long limit;

    public SendBufferOverflowException(long bufferedAmount, long limit) {
        super("outgoing buffer holds " + bufferedAmount + " bytes, over the limit of " + limit);
        this.bufferedAmount = bufferedAmount;
        this.limit = limit;
    }

    /** The bytes waiting to be sent when the send was refused. */
    public long bufferedAmount() {
        return bufferedAmount;
    }

    /** The configured limit. */
    public long limit() {
        return limit;
    }
}
