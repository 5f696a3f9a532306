package dev.duplex.interop.compression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * The messages every compression scenario echoes, in order, from a few bytes to 4 MiB: text with 1- to 4-byte
 * UTF-8 characters (up to 2 MiB), random (incompressible) and patterned (compressible) binary, and empty
 * messages.
 * Generated from a fixed seed, so every run sends the same bytes.
 * <p>Fragmentation rule shared by all peers: a message with an even index is sent fragmented by the peer
 * (the echo comes back from Duplex whole), one with an odd index is sent whole by the peer and echoed
 * fragmented by Duplex (through {@code startMessage}). So each message is fragmented in exactly one direction,
 * and each direction carries fragmented and whole messages of every size class.
 */
final class Payloads {
    /** Messages at least this long must go compressed whatever the peer's threshold (Node ws: 1024). */
    static final int ALWAYS_COMPRESSED = 1024;

    /** One message to echo. */
    record Message(int index, boolean text, byte[] bytes, boolean compressible) {
        String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        int size() {
            return bytes.length;
        }

        /** Whether the peer sends it fragmented (and Duplex echoes it whole). */
        boolean peerFragments() {
            return index % 2 == 0;
        }

        /** Whether Duplex sends it fragmented (as a client) or echoes it fragmented (as a server). */
        boolean duplexFragments() {
            return index % 2 == 1;
        }

        /**
         * Where a peer cuts it: about a third and two thirds, moved forward to a code point boundary so that
         * peers that send text fragments as strings can decode each piece on its own.
         */
        List<Integer> peerCuts() {
            TreeSet<Integer> cuts = new TreeSet<>();
            for (int c : new int[] {size() / 3, 2 * size() / 3}) {
                while (c < size() && (bytes[c] & 0xC0) == 0x80 && text) {
                    c++;
                }
                if (c > 0 && c < size()) {
                    cuts.add(c);
                }
            }
            return List.copyOf(cuts);
        }

        /** Where Duplex cuts it: see {@link Payloads#duplexCuts(int)}. */
        List<Integer> duplexCuts() {
            return Payloads.duplexCuts(size());
        }

        @Override
        public String toString() {
            return "message " + index + " (" + (text ? "text" : "binary") + ", " + size() + " bytes)";
        }
    }

    private static final String[] WORDS = {
        "the", "compression", "of", "WebSocket", "messages", "per", "message", "deflate", "window", "bits",
        "context", "takeover", "frame", "é", "naïve", "café", "Straße", "größer", "Ωμέγα", "λόγος", "привет",
        "мир", "日本語", "中文", "한국어", "✓", "→", "€", "🎉", "🚀", "𝄞", "😀", "data", "peer", "server", "client",
        "zlib", "sliding", "2^15", "0xFF", "RFC", "7692", "inflate", "tail", "00 00 ff ff", "réseau", "ångström",
    };

    static final List<Message> MESSAGES = build();

    private Payloads() {
    }

    /**
     * Where Duplex cuts a message of {@code size} bytes it sends fragmented: byte offsets 1, 8, the middle plus
     * one (twice) and the last byte, then the end. So pieces of 1 and 7 bytes come first, UTF-8 characters are
     * split between pieces, one piece in the middle is empty and so is the last (its compressed form is the
     * single {@code 00} byte of RFC 7692 section 7.2.3.6).
     */
    static List<Integer> duplexCuts(int size) {
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int c : new int[] {1, 8, size / 2 + 1, size - 1}) {
            if (c > 0 && c < size) {
                distinct.add(c);
            }
        }
        List<Integer> cuts = new ArrayList<>(distinct);
        if (distinct.contains(size / 2 + 1)) {
            cuts.add(cuts.indexOf(size / 2 + 1), size / 2 + 1);
        }
        if (size > 0) {
            cuts.add(size);
        }
        return List.copyOf(cuts);
    }

    /**
     * The pings Duplex sends, one after the first piece of each message it sends fragmented (when there are
     * two pieces or more): a control frame in the middle of a compressed message (RFC 6455 section 5.4).
     */
    static List<String> duplexPings() {
        return MESSAGES.stream().filter(m -> m.duplexFragments() && !m.duplexCuts().isEmpty())
                .map(m -> pingPayload(m.index())).toList();
    }

    static String pingPayload(int index) {
        return "p" + index;
    }

    /** The pieces of {@code bytes} cut at {@code cuts}. */
    static List<ByteBuffer> pieces(byte[] bytes, List<Integer> cuts) {
        List<ByteBuffer> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            out.add(ByteBuffer.wrap(bytes, from, cut - from).slice());
            from = cut;
        }
        out.add(ByteBuffer.wrap(bytes, from, bytes.length - from).slice());
        return out;
    }

    /** Where a peer server cuts a message it echoes fragmented: a third and two thirds (none below 3 bytes). */
    static List<Integer> thirds(int size) {
        return size < 3 ? List.of() : List.of(size / 3, 2 * size / 3);
    }

    /** A short description of how two byte arrays differ, for assertion messages (never the content). */
    static String difference(byte[] expected, byte[] actual) {
        if (Arrays.equals(expected, actual)) {
            return "equal";
        }
        int i = Arrays.mismatch(expected, actual);
        return "expected " + expected.length + " bytes, got " + actual.length + ", first difference at byte " + i;
    }

    private static List<Message> build() {
        Random random = new Random(7692);
        List<Message> m = new ArrayList<>();
        m.add(text(m, "Hello", true)); // the RFC 7692 section 7.2.3 example
        m.add(text(m, "", true));
        m.add(text(m, "héllo wörld ✓ 日本語 🎉 𝄞 Ωμέγα ß", true));
        m.add(binary(m, new byte[0], true));
        m.add(binary(m, randomBytes(random, 100), false));
        m.add(text(m, words(random, 900), true));
        m.add(text(m, words(random, 70_001), true));
        m.add(binary(m, randomBytes(random, 200_000), false));
        // zlib at level 6 deflates this text at only a few MB/s: the text stays at 2 MiB and 1 MiB, the several-MiB
        // messages are binary.
        m.add(text(m, words(random, 2 << 20), true));
        m.add(binary(m, randomBytes(random, 1 << 20), false));
        m.add(binary(m, patterned(random, 4 << 20), true));
        m.add(text(m, words(random, 1 << 20), true));
        m.add(binary(m, randomBytes(random, 512 << 10), false));
        m.add(binary(m, patterned(random, 3 << 20), true));
        return List.copyOf(m);
    }

    private static Message text(List<Message> m, String s, boolean compressible) {
        return new Message(m.size(), true, s.getBytes(StandardCharsets.UTF_8), compressible);
    }

    private static Message binary(List<Message> m, byte[] b, boolean compressible) {
        return new Message(m.size(), false, b, compressible);
    }

    /** Random words and separators, at least {@code minBytes} long in UTF-8 (exactly, for small sizes). */
    private static String words(Random random, int minBytes) {
        StringBuilder sb = new StringBuilder(minBytes);
        int bytes = 0;
        while (bytes < minBytes) {
            String w = WORDS[random.nextInt(WORDS.length)];
            String sep = random.nextInt(12) == 0 ? ".\n" : " ";
            sb.append(w).append(sep);
            bytes += w.getBytes(StandardCharsets.UTF_8).length + sep.length();
        }
        return sb.toString();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Records with a repeating layout and a few random bytes each: compresses several times over. */
    private static byte[] patterned(Random random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int field = i % 64;
            b[i] = field < 4 ? (byte) random.nextInt(256) : (byte) (field * 3 + (i / 4096));
        }
        return b;
    }

    /**
     * Writes the messages for the peer scripts: {@code msg-INDEX.bin} with the bytes, and {@code messages.txt}
     * with one line per message: {@code INDEX text|binary SIZE CUTS}, CUTS being the comma-separated byte
     * offsets where the peer cuts a message it fragments ({@code -} when it sends the message whole).
     */
    static Path writeTo(Path dir) {
        try {
            StringBuilder manifest = new StringBuilder();
            for (Message m : MESSAGES) {
                Files.write(dir.resolve("msg-" + m.index() + ".bin"), m.bytes());
                List<Integer> cuts = m.peerFragments() ? m.peerCuts() : List.of();
                manifest.append(m.index()).append(' ').append(m.text() ? "text" : "binary").append(' ')
                        .append(m.size()).append(' ')
                        .append(cuts.isEmpty() ? "-" : String.join(",", cuts.stream().map(String::valueOf).toList()))
                        .append('\n');
            }
            Files.writeString(dir.resolve("messages.txt"), manifest);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
