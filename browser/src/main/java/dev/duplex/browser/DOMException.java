package dev.duplex.browser;

import java.util.Objects;

/**
 * The errors the WebSocket interface throws, named as the DOM Standard names them
 * (https://webidl.spec.whatwg.org/#idl-DOMException-error-names): the Java counterpart of a JavaScript
 * {@code DOMException}. {@link #name()} is the name a page would see in {@code e.name}; the message says
 * what was wrong.
 */
public final class DOMException extends RuntimeException {

    /** The error names this API uses, with their legacy numeric codes. */
    public enum Name {
        /** The string did not match the expected pattern (a bad URL, protocol or close reason). */
        SYNTAX_ERROR("SyntaxError", 12),
        /** The object is in an invalid state (sending while connecting). */
        INVALID_STATE_ERROR("InvalidStateError", 11),
        /** The object does not support the operation or argument (a close code other than 1000 or 3000-4999). */
        INVALID_ACCESS_ERROR("InvalidAccessError", 15);

        private final String webName;
        private final int legacyCode;

        Name(String webName, int legacyCode) {
            this.webName = webName;
            this.legacyCode = legacyCode;
        }

        /** The name as the Web sees it, for example {@code "SyntaxError"}. */
        public String webName() {
            return webName;
        }

        /** The legacy {@code DOMException.code}, for example 12 for {@code SyntaxError}. */
        public int legacyCode() {
            return legacyCode;
        }
    }

    private final Name name;

    public DOMException(Name name, String message) {
        super(message);
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The error name as a page sees it: {@code "SyntaxError"}, {@code "InvalidStateError"} or {@code "InvalidAccessError"}. */
    public String name() {
        return name.webName();
    }

    /** The error name as an enum constant, for {@code switch}. */
    public Name kind() {
        return name;
    }

    /** The legacy numeric code ({@code DOMException.code}). */
    public int code() {
        return name.legacyCode();
    }

    static DOMException syntaxError(String message) {
        return new DOMException(Name.SYNTAX_ERROR, message);
    }

    static DOMException invalidState(String message) {
        return new DOMException(Name.INVALID_STATE_ERROR, message);
    }

    static DOMException invalidAccess(String message) {
        return new DOMException(Name.INVALID_ACCESS_ERROR, message);
    }

    @Override
    public String toString() {
        return name.webName() + ": " + getMessage();
    }
}
