package dev.duplex.engine.handshake;

import java.util.EnumSet;
import java.util.Set;

/**
 * The WebSocket protocol versions browsers shipped, each a variant of the one opening handshake of this package
 * ({@link ServerHandshake}, {@link ClientHandshake}).
 * <ul>
 *   <li>{@link #RFC_6455}: the standard, {@code Sec-WebSocket-Version: 13}.</li>
 *   <li>{@link #HYBI_08} and {@link #HYBI_07}: drafts draft-ietf-hybi-thewebsocketprotocol-08 and -07,
 *       {@code Sec-WebSocket-Version: 8} / {@code 7}. The framing and the {@code Sec-WebSocket-Accept} answer
 *       are those of RFC 6455; the origin is sent in {@code Sec-WebSocket-Origin}.</li>
 *   <li>{@link #HIXIE_76}: draft-hixie-thewebsocketprotocol-76, also published as
 *       draft-ietf-hybi-thewebsocketprotocol-00. No version header; {@code Sec-WebSocket-Key1} / {@code Key2}, an
 *       8-byte body after the request, a 16-byte MD5 answer after the response; frames {@code 0x00 <UTF-8> 0xFF},
 *       closing handshake {@code 0xFF 0x00}.</li>
 *   <li>{@link #HIXIE_75}: draft-hixie-thewebsocketprotocol-75. No version header, no keys, no challenge,
 *       {@code WebSocket-Origin} / {@code WebSocket-Location}; the framing of hixie-76 without its closing
 *       handshake.</li>
 * </ul>
 * The legacy versions are weak: their frames are not masked (the cache-poisoning attack of RFC 6455 section 10.3),
 * and hixie-75 has no challenge at all against cross-protocol requests. Servers enable them explicitly.
 */
public enum ProtocolVersion {
    RFC_6455(13, "RFC 6455"),
    HYBI_08(8, "hybi-08"),
    HYBI_07(7, "hybi-07"),
    HIXIE_76(76, "hixie-76"),
    HIXIE_75(75, "hixie-75");

    private final int number;
    private final String label;

    ProtocolVersion(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /**
     * The number that names this version: the {@code Sec-WebSocket-Version} value for RFC 6455 and hybi (13, 8,
     * 7), the draft number for hixie (76, 75). It is also {@link OpeningRequest#version()} of a request of this
     * version.
     */
    public int number() {
        return number;
    }

    /** A short name for logs and messages: {@code RFC 6455}, {@code hybi-08}, {@code hixie-76}, ... */
    public String label() {
        return label;
    }

    /** Every version but RFC 6455. */
    public boolean isLegacy() {
        return this != RFC_6455;
    }

    /** Whether connections of this version use hixie framing ({@code 0x00 <UTF-8> 0xFF}) instead of RFC 6455's. */
    public boolean usesHixieFraming() {
        return this == HIXIE_76 || this == HIXIE_75;
    }

    /** Whether this version has a {@code Sec-WebSocket-Version} header (RFC 6455 and hybi). */
    public boolean hasVersionHeader() {
        return !usesHixieFraming();
    }

    /** The bytes that follow the request head as its body: 8 for hixie-76 ({@code key_3}), else 0. */
    public int requestBodyLength() {
        return this == HIXIE_76 ? 8 : 0;
    }

    /** The bytes that follow a 101 response head: 16 for hixie-76 (the MD5 challenge answer), else 0. */
    public int responseBodyLength() {
        return this == HIXIE_76 ? 16 : 0;
    }

    /**
     * The version named {@code number} (13, 8, 7, 76 or 75).
     *
     * @throws IllegalArgumentException for any other number
     */
    public static ProtocolVersion ofNumber(int number) {
        for (ProtocolVersion v : values()) {
            if (v.number == number) {
                return v;
            }
        }
        throw new IllegalArgumentException("no WebSocket protocol version " + number + " (13, 8, 7, 76 or 75)");
    }

    /** The version of a request accepted by {@link ServerHandshake#validate(HttpRequestHead, Set)}. */
    public static ProtocolVersion of(OpeningRequest request) {
        return ofNumber(request.version());
    }

    /** Only RFC 6455: what a server speaks unless told otherwise. */
    public static Set<ProtocolVersion> standardOnly() {
        return EnumSet.of(RFC_6455);
    }

    /** Every version, legacy ones included. */
    public static Set<ProtocolVersion> all() {
        return EnumSet.allOf(ProtocolVersion.class);
    }

    @Override
    public String toString() {
        return label;
    }
}
