package dev.duplex.cli;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketClosedException;
import dev.duplex.transport.WebSocketListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
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

    @Option(names = "--http2", description = "Open the WebSocket as a stream of an HTTP/2 connection (RFC 8441) when "
            + "the server allows it, else over HTTP/1.1: for wss:// by offering h2 with ALPN, as browsers do; for ws:// "
            + "with prior knowledge (cleartext HTTP/2 from the first byte; a server that does not speak it is asked "
            + "again over HTTP/1.1). The line printed on open says which one it runs on.")
    boolean http2;

    @Option(names = {"-k", "--insecure"}, description = "wss://: accept any server certificate, for any host name. "
            + "Anyone on the path can then read and change the connection; prefer --trust-fingerprint.")
    boolean insecure;

    @Option(names = "--trust-fingerprint", paramLabel = "SHA256", description = "wss://: trust only the server "
            + "certificate with this SHA-256 fingerprint (AB:CD:... as duplex serve --tls, browsers and openssl x509 "
            + "-fingerprint -sha256 show it), whatever its names, instead of the system's certificate authorities.")
    String trustFingerprint;

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
        if (http2 && version != ProtocolVersion.RFC_6455) {
            System.err.println("duplex connect: --http2 carries RFC 6455 only (RFC 8441), not --protocol-version "
                    + protocolVersion);
            return 2;
        }
        if (insecure && trustFingerprint != null) {
            System.err.println("duplex connect: --insecure and --trust-fingerprint exclude each other");
            return 2;
        }
        SSLContext tls = null;
        if (trustFingerprint != null) {
            try {
                tls = ServerTrust.pinned(ServerTrust.parseFingerprint(trustFingerprint)).context();
            } catch (IllegalArgumentException e) {
                System.err.println("duplex connect: --trust-fingerprint: " + e.getMessage());
                return 2;
            }
        } else if (insecure) {
            tls = ServerTrust.anyCertificate().context();
            Logs.line("warning: --insecure: the server's certificate is not checked; anyone on the path can read "
                    + "and change this connection");
        }
        boolean secure = "wss".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        Http2Policy policy = !http2 ? Http2Policy.NEVER : secure ? Http2Policy.IF_OFFERED : Http2Policy.PRIOR_KNOWLEDGE;
        ConnectOptions.Builder options = ConnectOptions.builder().protocolVersion(version).http2(policy);
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
        WebSocketClient.Builder clientBuilder = WebSocketClient.builder()
                .engineConfig(EngineConfig.builder().maxMessageSize(maxMessageSize).build())
                .extensions(extensions);
        if (tls != null) {
            clientBuilder.tls(tls);
        }
        try (WebSocketClient client = clientBuilder.build()) {
            WebSocket opened;
            try {
                opened = open(client, options.build(), listener);
                if (opened == null) { // prior knowledge, and the server closed: it does not speak cleartext HTTP/2
                    Logs.line(url.getAuthority() + " closed the cleartext HTTP/2 connection (no h2c there?): "
                            + "trying HTTP/1.1");
                    opened = open(client, options.http2(Http2Policy.NEVER).build(), listener);
                }
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof HandshakeException h && h.status() > 0) {
                    Logs.line("refused by the server: HTTP " + h.status() + " " + h.reason() + " (" + h.detail() + ")");
                } else {
                    Logs.line("could not connect to " + url + ": " + cause.getMessage() + hint(cause));
                }
                return 1;
            }
            WebSocket ws = opened;
            Logs.line("connected to " + url + " over " + (ws.httpVersion() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1")
                    + (version.isLegacy() ? " with " + version : "")
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

    /**
     * Opens the WebSocket; null when it was tried with HTTP/2 prior knowledge and the server closed the connection
     * before its HTTP/2 settings, as a server that does not speak cleartext HTTP/2 does.
     */
    private WebSocket open(WebSocketClient client, ConnectOptions options, WebSocketListener listener)
            throws Exception {
        try {
            return client.connect(url, options, listener).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (options.http2() == Http2Policy.PRIOR_KNOWLEDGE && e.getCause() instanceof WebSocketClosedException) {
                return null;
            }
            throw e;
        }
    }

    /** What to try when the server's certificate is not trusted. */
    private String hint(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException && !insecure && trustFingerprint == null) {
                return " (a self-signed server? --trust-fingerprint SHA256 trusts its certificate, --insecure any)";
            }
        }
        return "";
    }
}
