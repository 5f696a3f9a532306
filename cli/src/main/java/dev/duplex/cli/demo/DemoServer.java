package dev.duplex.cli.demo;

import dev.duplex.server.WebSocketServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** The routes of {@code duplex serve}: {@code /echo}, {@code /chat} and the demo page at {@code /}. */
public final class DemoServer {
    private DemoServer() {
    }

    /** Adds the demo routes to {@code builder}; {@code log} receives one line per ended WebSocket. */
    public static WebSocketServer.Builder routes(WebSocketServer.Builder builder, Consumer<String> log) {
        return builder
                .route("/echo", new ConnectionLog("/echo", new EchoHandler(), log))
                .route("/chat", new ConnectionLog("/chat", new ChatHandler(), log))
                .httpRoute("/", "text/html; charset=utf-8", page());
    }

    /** The demo page, which uses the browser's WebSocket API against {@code /echo} and {@code /chat}. */
    public static byte[] page() {
        try (InputStream in = DemoServer.class.getResourceAsStream("/dev/duplex/cli/index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
