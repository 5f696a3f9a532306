package dev.duplex.engine;

/**
 * A violation of the protocol by the peer. Each kind carries the close code that is sent for it
 * (RFC 6455 section 7.4.1); the engine maps it to the wire in one place. Errors made by the local
 * application (sending after close, an invalid close code) are ordinary
 * {@link IllegalStateException}s and {@link IllegalArgumentException}s instead: they are not the peer's fault.
 * <p>Stack traces are not filled in: hostile input must not be able to make failures expensive.
 */
public abstract sealed class ProtocolException extends RuntimeException {
    private final int closeCode;

    private ProtocolException(int closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    /** The close code sent to the peer for this failure. */
    public int closeCode() {
        return closeCode;
    }

    /** 1002: malformed framing, a broken rule of RFC 6455. */
    public static ProtocolError protocolError(String message) {
        return new ProtocolError(message);
    }

    /** 1007: data inconsistent with the message type, such as invalid UTF-8 in a text message. */
    public static InvalidPayload invalidPayload(String message) {
        return new InvalidPayload(message);
    }

    /** 1008: a policy of this endpoint was violated. */
    public static PolicyViolation policyViolation(String message) {
        return new PolicyViolation(message);
    }

    /** 1009: a frame or message larger than the configured limit. */
    public static MessageTooBig messageTooBig(String message) {
        return new MessageTooBig(message);
    }

    /** 1013: a temporary condition of this endpoint, such as its memory budget being spent. */
    public static TryAgainLater tryAgainLater(String message) {
        return new TryAgainLater(message);
    }

    /** 1011: this endpoint failed to process something it should have been able to. */
    public static InternalError internalError(String message) {
        return new InternalError(message);
    }

    /** Malformed framing or a broken protocol rule: close code 1002. */
    public static final class ProtocolError extends ProtocolException {
        ProtocolError(String message) {
            super(CloseCodes.PROTOCOL_ERROR, message);
        }
    }

    /** Payload inconsistent with its type (invalid UTF-8): close code 1007. */
    public static final class InvalidPayload extends ProtocolException {
        InvalidPayload(String message) {
            super(CloseCodes.INVALID_PAYLOAD, message);
        }
    }

    /** A policy of this endpoint was violated: close code 1008. */
    public static final class PolicyViolation extends ProtocolException {
        PolicyViolation(String message) {
            super(CloseCodes.POLICY_VIOLATION, message);
        }
    }

    /** A frame or message over the configured limit: close code 1009. */
    public static final class MessageTooBig extends ProtocolException {
        MessageTooBig(String message) {
            super(CloseCodes.MESSAGE_TOO_BIG, message);
        }
    }

    /** A temporary condition (overload) of this endpoint: close code 1013. */
    public static final class TryAgainLater extends ProtocolException {
        TryAgainLater(String message) {
            super(CloseCodes.TRY_AGAIN_LATER, message);
        }
    }

    /** An unexpected local failure while processing input: close code 1011. */
    public static final class InternalError extends ProtocolException {
        InternalError(String message) {
            super(CloseCodes.INTERNAL_ERROR, message);
        }
    }
}
