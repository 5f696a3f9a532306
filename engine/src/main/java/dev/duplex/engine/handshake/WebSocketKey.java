package dev.duplex.engine.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The {@code Sec-WebSocket-Key} nonce and its {@code Sec-WebSocket-Accept} answer (RFC 6455 section 4.1, 4.2.2). */
final class WebSocketKey {
    /** The GUID appended to the key before hashing (RFC 6455 section 1.3). */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private WebSocketKey() {
    }

    /** The key of a 16-byte nonce: its base64 encoding (RFC 6455 section 4.1 item 7). */
    static String fromNonce(byte[] nonce) {
        if (nonce == null || nonce.length != 16) {
            throw new IllegalArgumentException("the nonce must be 16 bytes");
        }
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * Whether {@code key} is the canonical base64 encoding (RFC 4648 section 4, with padding) of exactly 16
     * bytes: 22 alphabet characters whose unused low bits are zero, then "==" (RFC 6455 section 4.2.1 item 5).
     */
    static boolean isValid(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            if (ALPHABET.indexOf(key.charAt(i)) < 0) {
                return false;
            }
        }
        return (ALPHABET.indexOf(key.charAt(21)) & 0x0F) == 0;
    }

    /** base64(SHA-1(key + GUID)) (RFC 6455 section 4.2.2 item 5.4). */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-1", e);
        }
    }
}
