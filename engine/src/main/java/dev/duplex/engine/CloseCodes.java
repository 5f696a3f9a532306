package dev.duplex.engine;

/** Close status codes (RFC 6455 section 7.4) and the rules about which may appear where. */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Reserved: never on the wire; reported when a close frame carried no code (section 7.1.5). */
    public static final int NO_STATUS = 1005;
    /** Reserved: never on the wire; reported when the connection ended without a close frame (section 7.1.5). */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    /** IANA-registered: the endpoint is overloaded; the peer may try again later. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** Reserved: never on the wire; TLS handshake failure. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCodes() {
    }

    /**
     * Whether a code may be carried by a close frame (section 7.4.1 and the IANA registry, section 11.7):
     * 1000-1003, 1007-1011 (1012-1014 were registered later by IANA), and 3000-4999.
     * 0-999, 1004-1006, 1015 and 1016-2999 unassigned, and 5000 and above are refused.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /** The longest close reason, in UTF-8 bytes: a control frame's 125-byte payload less the code (section 5.5). */
    public static final int MAX_REASON_BYTES = 123;

    /**
     * Checks what an application asks to send in a close frame and returns the reason ({@code ""} for null).
     * {@link #NO_STATUS} means a close frame without a body and takes no reason (section 5.5.1); any other code
     * must be {@link #isValidOnWire valid on the wire} (section 7.4); the reason must be at most
     * {@value #MAX_REASON_BYTES} bytes of UTF-8 with no unpaired surrogate.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String checkSendable(int code, String reason) {
        String why = reason == null ? "" : reason;
        if (code == NO_STATUS) {
            if (!why.isEmpty()) {
                throw new IllegalArgumentException("a close reason needs a close code (RFC 6455 section 5.5.1)");
            }
            return why;
        }
        if (!isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 section 7.4)");
        }
        int length = utf8Length(why);
        if (length < 0 || length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("the close reason must be at most " + MAX_REASON_BYTES
                    + " bytes of UTF-8 (RFC 6455 section 5.5), got "
                    + (length < 0 ? "unpaired surrogates" : length + " bytes"));
        }
        return why;
    }

    /** The UTF-8 length of {@code s}, or -1 when it holds an unpaired surrogate. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return -1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** A short name for logs, such as {@code 1002 (protocol error)}. */
    public static String describe(int code) {
        String name = switch (code) {
            case NORMAL -> "normal closure";
            case GOING_AWAY -> "going away";
            case PROTOCOL_ERROR -> "protocol error";
            case UNSUPPORTED_DATA -> "unsupported data";
            case NO_STATUS -> "no status code";
            case ABNORMAL -> "abnormal closure";
            case INVALID_PAYLOAD -> "invalid payload data";
            case POLICY_VIOLATION -> "policy violation";
            case MESSAGE_TOO_BIG -> "message too big";
            case MANDATORY_EXTENSION -> "mandatory extension";
            case INTERNAL_ERROR -> "internal error";
            case 1012 -> "service restart";
            case 1013 -> "try again later";
            case 1014 -> "bad gateway";
            case TLS_HANDSHAKE -> "TLS handshake failure";
            default -> code >= 3000 && code <= 4999 ? "application" : "unknown";
        };
        return code + " (" + name + ")";
    }
}
