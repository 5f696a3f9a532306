package dev.duplex.http2.hpack;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Hex helpers for tests: spaces in hex strings are ignored. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
    }

    static ByteBuffer buffer(String hex) {
        return ByteBuffer.wrap(bytes(hex));
    }

    static String of(ByteBuffer writeModeBuffer) {
        ByteBuffer b = writeModeBuffer.duplicate().flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return HexFormat.of().formatHex(a);
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
