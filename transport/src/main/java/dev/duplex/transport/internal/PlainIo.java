package dev.duplex.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Plain TCP: stateless, one instance shared by every connection. */
final class PlainIo extends Io {
    static final PlainIo INSTANCE = new PlainIo();

    private PlainIo() {
    }

    @Override
    void start() {
    }

    @Override
    int read(SocketChannel channel, ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    boolean hasBufferedInput() {
        return false;
    }

    @Override
    long write(SocketChannel channel, ByteBuffer[] srcs, int offset, int length) throws IOException {
        return length == 0 ? 0 : channel.write(srcs, offset, length);
    }

    @Override
    boolean hasBufferedOutput() {
        return false;
    }

    @Override
    boolean blockedOnSocket(boolean plaintextPending) {
        return plaintextPending;
    }

    @Override
    void closeOutbound() {
    }

    @Override
    public String toString() {
        return "tcp";
    }
}
