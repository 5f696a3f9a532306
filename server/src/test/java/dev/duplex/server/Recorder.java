package dev.duplex.server;

import dev.duplex.testsupport.RecordingListener;
import dev.duplex.transport.WebSocket;

import java.nio.ByteBuffer;

/** A route that records every callback as an event (see {@link RecordingListener}) and echoes messages when asked. */
class Recorder extends RecordingListener implements WebSocketHandler {
    private final boolean echo;

    Recorder(boolean echo) {
        this.echo = echo;
    }

    @Override
    public void onText(WebSocket ws, String text) {
        super.onText(ws, text);
        if (echo) {
            ws.sendText(text);
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        super.onBinary(ws, data);
        if (echo) {
            ws.sendBinary(data);
        }
    }
}
