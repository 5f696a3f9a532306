package dev.duplex.engine.extension;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.OutputBuffer;
import dev.duplex.engine.Role;
import dev.duplex.engine.WebSocketEngine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** An engine with extensions, its output collected and its events recorded, for compression tests. */
final class Wire {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final List<Event> events = new ArrayList<>();
    final WebSocketEngine engine;
    private ByteBuffer chunk = ByteBuffer.allocate(4096);

    Wire(Role role, EngineConfig config, List<Extension> extensions) {
        OutputBuffer out = minBytes -> {
            if (chunk.remaining() < minBytes) {
                flushChunk();
            }
            return chunk;
        };
        engine = new WebSocketEngine(role, config, () -> 0x37fa213d, out, events::add, extensions);
    }

    private void flushChunk() {
        chunk.flip();
        byte[] b = new byte[chunk.remaining()];
        chunk.get(b);
        sent.writeBytes(b);
        chunk.clear();
    }

    /** Everything written so far, and forgets it. */
    byte[] takeSent() {
        flushChunk();
        byte[] b = sent.toByteArray();
        sent.reset();
        return b;
    }

    void feed(byte[] bytes) {
        engine.receive(ByteBuffer.wrap(bytes.clone()));
    }

    /** {@code bytes} in reads of {@code piece} bytes, each from a direct buffer. */
    void feedDirect(byte[] bytes, int piece) {
        for (int i = 0; i < bytes.length; i += piece) {
            int n = Math.min(piece, bytes.length - i);
            ByteBuffer in = ByteBuffer.allocateDirect(n).put(bytes, i, n).flip();
            engine.receive(in);
        }
    }

    void feed(String hex) {
        feed(HexFormat.ofDelimiter(" ").parseHex(hex));
    }

    static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    /** Texts of the Text events so far. */
    List<String> texts() {
        List<String> t = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.Text text) {
                t.add(text.text());
            }
        }
        return t;
    }

    Event.Closed closed() {
        for (Event e : events) {
            if (e instanceof Event.Closed c) {
                return c;
            }
        }
        return null;
    }
}
