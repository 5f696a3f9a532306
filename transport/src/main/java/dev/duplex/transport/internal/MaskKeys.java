package dev.duplex.transport.internal;

import java.security.SecureRandom;
import java.util.function.IntSupplier;

/**
 * Fresh, unpredictable masking keys for client frames (RFC 6455 section 5.3 and 10.3: the key must be
 * derived from a strong source of entropy and not be predictable from earlier frames). Draws from
 * {@link SecureRandom} in batches to keep the per-frame cost low. Not thread-safe: one per event loop.
 */
public final class MaskKeys implements IntSupplier {
    private static final int BATCH = 256;

    private final SecureRandom random;
    private final byte[] bytes = new byte[BATCH * 4];
    private int next = BATCH;

    public MaskKeys() {
        this(new SecureRandom());
    }

    MaskKeys(SecureRandom random) {
        this.random = random;
    }

    @Override
    public int getAsInt() {
        if (next == BATCH) {
            random.nextBytes(bytes);
            next = 0;
        }
        int i = next++ * 4;
        return (bytes[i] & 0xFF) << 24 | (bytes[i + 1] & 0xFF) << 16 | (bytes[i + 2] & 0xFF) << 8 | (bytes[i + 3] & 0xFF);
    }

    /** Fills {@code out} with random bytes (for the handshake nonce, section 4.1). */
    public void nextBytes(byte[] out) {
        random.nextBytes(out);
    }
}
