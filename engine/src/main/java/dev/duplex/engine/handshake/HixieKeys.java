package dev.duplex.engine.handshake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;

/**
 * The hixie-76 challenge (draft-hixie-thewebsocketprotocol-76 sections 1.3, 4.1 and 5.2): the keys
 * {@code Sec-WebSocket-Key1} / {@code Key2}, each a 32-bit number multiplied by its count of spaces and hidden
 * among random characters, and the answer, MD5 of both numbers (32-bit big-endian) and the 8-byte {@code key_3}.
 */
final class HixieKeys {
    /** 2^32 - 1: a key's number, and so its product, fits 32 unsigned bits (section 4.1 step 18). */
    static final long MAX_NUMBER = 0xFFFF_FFFFL;
    static final int KEY3_LENGTH = 8;
    static final int ANSWER_LENGTH = 16;

    private HixieKeys() {
    }

    /**
     * The number hidden in a key (section 5.2 steps 4-6): its digits read as a base-ten number, divided by its
     * count of spaces.
     *
     * @throws HandshakeException 400 when the key has no digits or no spaces, its digits are more than 32 bits, or
     *                            they are not a multiple of the count of spaces
     */
    static long parse(String name, String key) throws HandshakeException {
        long digits = 0;
        int digitCount = 0;
        int spaces = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = digits * 10 + (c - '0');
                digitCount++;
                if (digits > MAX_NUMBER) {
                    throw HandshakeException.badRequest(name + " has a number of more than 32 bits (hixie-76)");
                }
            } else if (c == ' ') {
                spaces++;
            }
        }
        if (digitCount == 0) {
            throw HandshakeException.badRequest(name + " has no digits (hixie-76)");
        }
        if (spaces == 0) {
            throw HandshakeException.badRequest(name + " has no spaces (hixie-76)");
        }
        if (digits % spaces != 0) {
            throw HandshakeException.badRequest(name + ": " + digits + " is not a multiple of its " + spaces
                    + " spaces (hixie-76)");
        }
        return digits / spaces;
    }

    /** The 16-byte answer: MD5 of {@code number1} and {@code number2} as 32-bit big-endian, then {@code key3}. */
    static byte[] answer(long number1, long number2, byte[] key3) {
        if (key3.length != KEY3_LENGTH) {
            throw new IllegalArgumentException("key_3 must be 8 bytes, not " + key3.length);
        }
        byte[] challenge = new byte[16];
        putInt(challenge, 0, number1);
        putInt(challenge, 4, number2);
        System.arraycopy(key3, 0, challenge, 8, KEY3_LENGTH);
        try {
            return MessageDigest.getInstance("MD5").digest(challenge);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
    }

    private static void putInt(byte[] into, int at, long value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }

    /** A key of the client and the number it hides. */
    record Key(String text, long number) {
    }

    /**
     * A fresh key as the client makes it (section 4.1 steps 17-23): 1 to 12 spaces, a random number that times
     * the spaces fits 32 bits, the product in base ten with 1 to 12 random characters from U+0021-U+002F and
     * U+003A-U+007E inserted anywhere, then the spaces inserted anywhere but at the start or the end.
     */
    static Key generate(RandomGenerator random) {
        int spaces = random.nextInt(1, 13);
        long max = MAX_NUMBER / spaces;
        long number = random.nextLong(0, max + 1);
        StringBuilder key = new StringBuilder(Long.toString(number * spaces));
        int noise = random.nextInt(1, 13);
        for (int i = 0; i < noise; i++) {
            int pick = random.nextInt(15 + 69); // 0x21-0x2F (15 characters), 0x3A-0x7E (69 characters)
            char c = (char) (pick < 15 ? 0x21 + pick : 0x3A + pick - 15);
            key.insert(random.nextInt(key.length() + 1), c);
        }
        for (int i = 0; i < spaces; i++) {
            key.insert(random.nextInt(1, key.length()), ' ');
        }
        return new Key(key.toString(), number);
    }
}
