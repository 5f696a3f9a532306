package dev.duplex.cli;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code duplex connect}: an interactive client. */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Connects to a WebSocket server. Each line read from standard input is sent as a text "
                + "message; every message received is printed on standard output (binary ones as a hex dump). "
                + "At the end of input the connection is closed with 1000.",
                "Status lines go to standard error. Exit code: 0 after a clean close, 1 when the connection "
                        + "could not be made or ended abnormally."})
final class ConnectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL", description = "ws://, wss://, http:// or https:// URL.")
    URI url;

    @Option(names = {"-s", "--subprotocol"}, paramLabel = "PROTOCOL",
            description = "Offer this subprotocol (repeatable, in order of preference).")
    List<String> subprotocols;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Add a header to the opening handshake (repeatable).")
    List<String> headers;

    @Option(names = "--max-message-size", defaultValue = "64MiB", converter = Sizes.class,
            description = "Largest message accepted (default: ${DEFAULT-VALUE}).")
    long maxMessageSize;

    @Option(names = "--no-compression", description = "Do not offer permessage-deflate (RFC 7692).")
    boolean noCompression;

    @Option(names = "--protocol-version", paramLabel = "VERSION", defaultValue = "13",
            description = "Protocol version to speak: 13 (RFC 6455, the default), 8 or 7 (hybi drafts), 76 "
                    + "(hixie-76 / hybi-00) or 75 (hixie-75). hixie versions carry text only and no extensions.")
    int protocolVersion;

    @Option(names = {"-v", "--verbose"}, description = "Log the library's debug messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Logs.configure(verbose);
        ProtocolVersion version;
        try {
            version = ProtocolVersion.ofNumber(protocolVersion);
        } catch (IllegalArgumentException e) {
            System.err.println("duplex connect: --protocol-version: " + e.getMessage());
            return 2;
        }
        ConnectOptions.Builder options = ConnectOptions.builder().protocolVersion(version);
        if (subprotocols != null) {
            options.subprotocols(subprotocols.toArray(String[]::new));
        }
        if (headers != null) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    System.err.println("duplex connect: --header needs 'Name: value', got '" + h + "'");
                    return 2;
                }
                options.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        CompletableFuture<int[]> closed = new CompletableFuture<>();
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                out.println(text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                byte[] bytes = new byte[data.remaining()];
                data.duplicate().get(bytes);
                out.println("[binary, " + bytes.length + " bytes] " + HexFormat.ofDelimiter(" ")
                        .formatHex(bytes, 0, Math.min(bytes.length, 64)) + (bytes.length > 64 ? " ..." : ""));
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                Logs.line("error: " + error.getMessage());
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                Logs.line("closed: " + CloseCodes.describe(code) + (reason.isEmpty() ? "" : " \"" + reason + "\"")
                        + (clean ? "" : ", not clean"));
                closed.complete(new int[] {code, clean ? 1 : 0});
            }
        };
        ExtensionFactory[] extensions = noCompression ? new ExtensionFactory[0]
                : new ExtensionFactory[] {PerMessageDeflate.defaults()};
        try (WebSocketClient client = WebSocketClient.builder()
                .engineConfig(EngineConfig.builder().maxMessageSize(maxMessageSize).build())
                .extensions(extensions).build()) {
            WebSocket ws;
            try {
                ws = client.connect(url, options.build(), listener).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof HandshakeException h && h.status() > 0) {
                    Logs.line("refused by the server: HTTP " + h.status() + " " + h.reason() + " (" + h.detail() + ")");
                } else {
                    Logs.line("could not connect to " + url + ": " + cause.getMessage());
                }
                return 1;
            }
            Logs.line("connected to " + url + (version.isLegacy() ? " with " + version : "")
                    + (ws.subprotocol().isEmpty() ? "" : ", subprotocol " + ws.subprotocol())
                    + (ws.extensions().isEmpty() ? "" : ", extensions " + ws.extensions()));
            Thread reader = Thread.ofPlatform().daemon().name("duplex-stdin").start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    String line;
                    while (!closed.isDone() && (line = in.readLine()) != null) {
                        ws.sendText(line);
                    }
                } catch (Exception e) {
                    Logs.line("reading standard input failed: " + e.getMessage());
                }
                if (!closed.isDone()) {
                    ws.close(CloseCodes.NORMAL, "");
                }
            });
            int[] result = closed.get();
            reader.interrupt();
            return result[1] == 1 && (result[0] == CloseCodes.NORMAL || result[0] == CloseCodes.GOING_AWAY
                    || result[0] == CloseCodes.NO_STATUS) ? 0 : 1;
        }
    }
}
