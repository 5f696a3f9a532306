package dev.duplex.interop.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The fuzzer's end of an upgraded connection: frames built by hand go out (masked when the fuzzer plays the
 * client, RFC 6455 section 5.3), in one write, frame by frame or in chops with pauses; a reader thread parses
 * what comes back into {@link Frame}s, and notes the end of the TCP stream, so that the fuzzer can wait for
 * the next frame with a deadline while it holds back the rest of what it would send.
 */
final class WireChannel implements AutoCloseable {

    /** The role the fuzzer plays; the implementation under test has the other one. */
    enum Side {
        /** The fuzzer is the client: it masks, and what it reads must not be masked. */
        CLIENT,
        /** The fuzzer is the server: it does not mask, and what it reads must be masked. */
        SERVER
    }

    /** The end of the incoming stream: {@code eof} when read returned -1, else the read error. */
    record End(boolean eof, String how) {
        @Override
        public String toString() {
            return eof ? "TCP closed (EOF)" : "TCP failed: " + how;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Side side;
    private final SplittableRandom maskKeys;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Thread reader;

    /**
     * @param in the socket's input, positioned just after the opening handshake
     */
    WireChannel(Socket socket, InputStream in, Side side, long seed) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(in, 1 << 16);
        this.out = socket.getOutputStream();
        this.side = side;
        this.maskKeys = new SplittableRandom(seed);
        this.reader = new Thread(this::readLoop, "fuzzer-reader-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    Side side() {
        return side;
    }

    /** The frame's bytes on the wire, masked as the frame says or as the fuzzer's role requires. */
    byte[] encode(Frame f) {
        boolean mask = f.masked() != null ? f.masked() : side == Side.CLIENT;
        return encode(f.fin(), f.rsv(), f.opcode(), f.payload(), f.payload().length, mask ? nextMaskKey() : null);
    }

    /** Only the header of a frame announcing {@code length} payload bytes (the payload never follows). */
    byte[] encodeHeader(boolean fin, int opcode, long length) {
        return encode(fin, 0, opcode, new byte[0], length, side == Side.CLIENT ? nextMaskKey() : null);
    }

    /** Never an all-zero key, so that a receiver that ignores the mask sees garbage. */
    private int nextMaskKey() {
        return maskKeys.nextInt() | 0x01000000;
    }

    /**
     * A frame header announcing {@code length} bytes, followed by {@code payload} masked with {@code maskKey}
     * (section 5.3), or unmasked when the key is null.
     */
    static byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, long length, Integer maskKey) {
        int headerLength = 2 + (length > 65535 ? 8 : length > 125 ? 2 : 0) + (maskKey != null ? 4 : 0);
        byte[] b = new byte[headerLength + payload.length];
        b[0] = (byte) ((fin ? 0x80 : 0) | rsv << 4 | opcode);
        int i = 2;
        if (length > 65535) {
            b[1] = 127;
            for (int k = 7; k >= 0; k--) {
                b[i++] = (byte) (length >>> (8 * k));
            }
        } else if (length > 125) {
            b[1] = 126;
            b[i++] = (byte) (length >>> 8);
            b[i++] = (byte) length;
        } else {
            b[1] = (byte) length;
        }
        byte[] key = new byte[4];
        if (maskKey != null) {
            b[1] |= (byte) 0x80;
            for (int j = 0; j < 4; j++) {
                key[j] = (byte) (maskKey >>> (24 - 8 * j));
                b[i++] = key[j];
            }
        }
        for (int j = 0; j < payload.length; j++) {
            b[i + j] = (byte) (payload[j] ^ key[j & 3]);
        }
        return b;
    }

    /** Writes all the frames in one write. */
    void send(Frame... frames) throws IOException {
        write(concat(frames), Integer.MAX_VALUE, Duration.ZERO);
    }

    byte[] concat(Frame... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Frame f : frames) {
            all.writeBytes(encode(f));
        }
        return all.toByteArray();
    }

    /** Writes {@code bytes} in writes of at most {@code chop} bytes, pausing between two writes. */
    void write(byte[] bytes, int chop, Duration pause) throws IOException {
        for (int off = 0; off < bytes.length; off += chop) {
            if (off > 0 && !pause.isZero()) {
                LockSupport.parkNanos(pause.toNanos());
            }
            out.write(bytes, off, Math.min(chop, bytes.length - off));
            out.flush();
        }
    }

    /**
     * The next frame or {@link End} from the peer, or null when nothing arrived within {@code timeout}. An
     * {@code End} stays at the head of the input once reached.
     */
    Object poll(Duration timeout) throws InterruptedException {
        Object next = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next instanceof End) {
            inbox.add(next);
        }
        return next;
    }

    /** Sends a FIN: the fuzzer's half of the TCP close (RFC 6455 section 7.1.1). */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    private void readLoop() {
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    inbox.add(new End(true, "eof"));
                    return;
                }
                int b1 = readByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = (readByte() << 8) | readByte();
                } else if (length == 127) {
                    length = 0;
                    for (int k = 0; k < 8; k++) {
                        length = (length << 8) | readByte();
                    }
                }
                boolean masked = (b1 & 0x80) != 0;
                byte[] key = masked ? in.readNBytes(4) : new byte[4];
                if (length < 0 || length > Integer.MAX_VALUE - 16) {
                    throw new IOException("frame length " + length + " cannot be read");
                }
                byte[] payload = in.readNBytes((int) length);
                if (payload.length != length || key.length != 4) {
                    throw new EOFException("EOF inside a frame");
                }
                for (int j = 0; j < payload.length; j++) {
                    payload[j] ^= key[j & 3];
                }
                inbox.add(new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 7, b0 & 0xF, payload, masked));
            }
        } catch (IOException e) {
            inbox.add(new End(false, e.toString()));
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("EOF inside a frame header");
        }
        return b;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WireChannel[fuzzer as " + side + ", " + socket.getLocalSocketAddress() + " <-> "
                + socket.getRemoteSocketAddress() + "]";
    }
}
