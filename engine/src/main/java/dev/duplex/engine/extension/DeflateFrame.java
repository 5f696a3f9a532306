package dev.duplex.engine.extension;

import dev.duplex.engine.extension.ExtensionParameters.Parameter;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The per-frame compression extension Chrome shipped before RFC 7692 (draft-tyoshino-hybi-websocket-perframe-
 * deflate), under its two names {@code deflate-frame} and {@code x-webkit-deflate-frame}. Every data frame
 * with RSV1 set carries its own DEFLATE data, sync-flushed, without the trailing {@code 00 00 ff ff}.
 * Parameters: {@code max_window_bits=N} (8-15) and {@code no_context_takeover}; in an offer they ask the
 * server's compressor for them, in an answer they bind the client's. Offered without parameters, as Chrome
 * and Netty do.
 */
public final class DeflateFrame implements ExtensionFactory {
    public static final String NAME = "deflate-frame";
    public static final String WEBKIT_NAME = "x-webkit-deflate-frame";
    private static final String MAX_WINDOW_BITS = "max_window_bits";
    private static final String NO_CONTEXT_TAKEOVER = "no_context_takeover";

    private final String offeredName;
    private final int level;

    private DeflateFrame(String offeredName, int level) {
        this.offeredName = offeredName;
        this.level = level;
    }

    /** A factory that accepts both names as a server and offers {@code x-webkit-deflate-frame} as a client. */
    public static DeflateFrame create() {
        return new DeflateFrame(WEBKIT_NAME, 6);
    }

    /** A factory that offers {@code name} ({@link #NAME} or {@link #WEBKIT_NAME}) as a client. */
    public static DeflateFrame offering(String name) {
        if (!NAME.equals(name) && !WEBKIT_NAME.equals(name)) {
            throw new IllegalArgumentException("not a deflate-frame name: " + name);
        }
        return new DeflateFrame(name, 6);
    }

    @Override
    public List<String> names() {
        return List.of(NAME, WEBKIT_NAME);
    }

    @Override
    public int rsvBits() {
        return 0b100;
    }

    @Override
    public List<ExtensionParameters> offers() {
        return List.of(ExtensionParameters.of(offeredName));
    }

    @Override
    public Extension accept(ExtensionParameters offer) {
        Settings s = Settings.read(offer);
        if (s == null) {
            return null;
        }
        return new Frames(offer, new Compressor(s.windowBits, !s.noContextTakeover, level));
    }

    @Override
    public Extension confirm(ExtensionParameters answer) {
        Settings s = Settings.read(answer);
        if (s == null) {
            throw new IllegalArgumentException("invalid " + answer.name() + " answer: " + answer);
        }
        return new Frames(answer, new Compressor(s.windowBits, !s.noContextTakeover, level));
    }

    private record Settings(int windowBits, boolean noContextTakeover) {
        static Settings read(ExtensionParameters e) {
            int bits = 15;
            boolean reset = false;
            Set<String> seen = new HashSet<>();
            for (Parameter p : e.parameters()) {
                if (!seen.add(p.name())) {
                    return null;
                }
                switch (p.name()) {
                    case MAX_WINDOW_BITS -> {
                        if (p.value() == null || !p.value().matches("[1-9][0-9]?")) {
                            return null;
                        }
                        bits = Integer.parseInt(p.value());
                        if (bits < 8 || bits > 15) {
                            return null;
                        }
                    }
                    case NO_CONTEXT_TAKEOVER -> {
                        if (p.value() != null) {
                            return null;
                        }
                        reset = true;
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return new Settings(bits, reset);
        }
    }

    /** deflate-frame on one connection: each frame is compressed on its own, RSV1 on every compressed frame. */
    private static final class Frames implements Extension {
        private final ExtensionParameters agreed;
        private final Compressor compressor;
        private final Decompressor decompressor = new Decompressor(true);

        Frames(ExtensionParameters agreed, Compressor compressor) {
            this.agreed = agreed;
            this.compressor = compressor;
        }

        @Override
        public String name() {
            return agreed.name();
        }

        @Override
        public int rsvBits() {
            return 0b100;
        }

        @Override
        public ExtensionParameters agreed() {
            return agreed;
        }

        @Override
        public boolean beginFrame(boolean firstOfMessage, boolean fin, int rsv) {
            return (rsv & 0b100) != 0;
        }

        @Override
        public void decode(ByteBuffer in, int from, int to, DecodedSink out) {
            decompressor.decompress(in, from, to, out);
        }

        @Override
        public void endFrame(boolean decoded, boolean endOfMessage, DecodedSink out) {
            if (decoded) {
                decompressor.finish(false, out);
            }
        }

        @Override
        public Encoded encode(ByteBuffer data, boolean firstOfMessage, boolean lastOfMessage) {
            return new Encoded(compressor.compress(data, true), 0b100);
        }

        @Override
        public void close() {
            compressor.close();
            decompressor.close();
        }
    }
}
