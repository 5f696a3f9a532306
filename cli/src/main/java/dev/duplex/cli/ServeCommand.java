package dev.duplex.cli;

import dev.duplex.cli.demo.DemoServer;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.DeflateFrame;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.engine.handshake.OriginPolicy;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.OverflowPolicy;
import dev.duplex.transport.tls.SelfSignedCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** {@code duplex serve}: the demo server. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs a WebSocket server with /echo (every message echoed with its type), /chat (every "
                + "text message sent to everyone on /chat) and a demo page at / for a browser.",
                "Stops on Ctrl-C, closing open connections with 1001 (going away)."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-message-size", defaultValue = "16MiB", converter = Sizes.class,
            description = "Largest message accepted; larger ones close with 1009 (default: ${DEFAULT-VALUE}).")
    long maxMessageSize;

    @Option(names = "--max-fragments", defaultValue = "1048576", description = "Most frames one message may be "
            + "made of; more close with 1009 (default: ${DEFAULT-VALUE}).")
    long maxFragments;

    @Option(names = "--max-connections", defaultValue = "10000", description = "Most connections open at once, "
            + "handshakes included; more are answered 503 (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--handshake-timeout", defaultValue = "PT10S", description = "Deadline for the whole opening "
            + "handshake (TLS and HTTP request) from the TCP connect; slower connections are dropped, ISO-8601 "
            + "(default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--close-timeout", defaultValue = "PT5S", description = "How long to wait for the peer's part "
            + "of the close handshake (its close frame, then its TCP close), ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration closeTimeout;

    @Option(names = "--max-buffered", defaultValue = "16MiB", converter = Sizes.class, description = "Outgoing "
            + "bytes a connection may hold for a peer that reads slowly; sends beyond it follow --overflow-policy "
            + "(default: ${DEFAULT-VALUE}). Reading from the peer also pauses while more than this waits.")
    long maxBuffered;

    @Option(names = "--overflow-policy", defaultValue = "CLOSE", description = "What a send over --max-buffered "
            + "does: ${COMPLETION-CANDIDATES}; CLOSE also closes the connection with 1008 (default: ${DEFAULT-VALUE}).")
    OverflowPolicy overflowPolicy;

    @Option(names = "--max-line-length", defaultValue = "8KiB", converter = Sizes.class, description = "Longest "
            + "request line (longer: 414) or header line (longer: 431) of an opening handshake "
            + "(default: ${DEFAULT-VALUE}).")
    long maxLineLength;

    @Option(names = "--max-head-size", defaultValue = "16KiB", converter = Sizes.class, description = "Largest "
            + "request head of an opening handshake; larger: 431 (default: ${DEFAULT-VALUE}).")
    long maxHeadSize;

    @Option(names = "--max-headers", defaultValue = "100", description = "Most header lines in an opening "
            + "handshake; more: 431 (default: ${DEFAULT-VALUE}).")
    int maxHeaders;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Accept browser requests from this origin (repeatable), e.g. https://example.com. "
                    + "Default: only pages served from this server's own host and port.")
    List<String> allowedOrigins;

    @Option(names = "--any-origin", description = "Accept browser requests from every origin.")
    boolean anyOrigin;

    @Option(names = "--idle-timeout", defaultValue = "PT5M", description = "Close connections idle this long, "
            + "ISO-8601 (default: ${DEFAULT-VALUE}; PT0S turns it off).")
    Duration idleTimeout;

    @Option(names = "--tls", description = "Serve https:// and wss://. Without --tls-keystore, with a self-signed "
            + "certificate for localhost, 127.0.0.1 and ::1 made at start, whose SHA-256 fingerprint is printed "
            + "(browsers ask to accept it once; duplex connect --trust-fingerprint trusts it).")
    boolean tls;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve https:// and wss:// with the key and "
            + "certificate in this PKCS#12 keystore (implies --tls).")
    Path keystore;

    @Option(names = "--tls-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "Password of the keystore.")
    String keystorePassword;

    @Option(names = "--no-compression", description = "Do not negotiate permessage-deflate (RFC 7692).")
    boolean noCompression;

    @Option(names = "--deflate-frame", description = "Also accept the pre-RFC per-frame compression "
            + "(deflate-frame, x-webkit-deflate-frame) from old clients.")
    boolean deflateFrame;

    @Option(names = "--legacy", description = "Also serve the pre-RFC protocol versions old browsers and devices "
            + "speak: hybi-07/08, hixie-76 and hixie-75. Off by default: their frames are not masked and the hixie "
            + "handshakes are weak against cross-protocol attacks (docs/LEGACY.md).")
    boolean legacy;

    @Option(names = "--no-http2", description = "Speak HTTP/1.1 only. By default HTTP/2 is spoken too, on the same "
            + "port: h2 chosen by ALPN over TLS, h2c with prior knowledge in cleartext; WebSockets then also open as "
            + "HTTP/2 streams (RFC 8441).")
    boolean noHttp2;

    @Option(names = {"-v", "--verbose"}, description = "Log the library's debug messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Logs.configure(verbose);
        WebSocketServer server = start(Logs::line);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logs.line("stopping: closing " + server.connectionCount() + " connections with 1001");
            server.stop(Duration.ofSeconds(5));
            stopped.countDown();
        }, "duplex-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Starts the server as the options say and writes the start banner to {@code log}, which then gets a line per
     * ended WebSocket.
     */
    WebSocketServer start(Consumer<String> log) throws Exception {
        OriginPolicy origins = anyOrigin ? OriginPolicy.allowAll()
                : allowedOrigins != null && !allowedOrigins.isEmpty() ? OriginPolicy.allowList(allowedOrigins)
                : OriginPolicy.sameOrigin();
        WebSocketServer.Builder builder = WebSocketServer.builder()
                .host(host)
                .port(port)
                .originPolicy(origins)
                .idleTimeout(idleTimeout)
                .handshakeTimeout(handshakeTimeout)
                .closeTimeout(closeTimeout)
                .maxConnections(maxConnections)
                .maxBufferedBytes(maxBuffered)
                .overflowPolicy(overflowPolicy)
                .headLimits(new HeadLimits(Math.toIntExact(maxLineLength), Math.toIntExact(maxHeadSize), maxHeaders))
                .engineConfig(EngineConfig.builder().maxMessageSize(maxMessageSize).maxFragments(maxFragments).build())
                .extensions(extensions().toArray(ExtensionFactory[]::new))
                .protocolVersions(legacy ? ProtocolVersion.all() : ProtocolVersion.standardOnly())
                .http2(!noHttp2);
        SelfSignedCertificate selfSigned = null;
        if (keystore != null) {
            builder.tls(sslContext(keystore, keystorePassword.toCharArray()));
        } else if (tls) {
            selfSigned = SelfSignedCertificate.forLocalhost();
            builder.tls(selfSigned.serverContext());
        }
        WebSocketServer server = DemoServer.routes(builder, log).build().start();
        boolean secure = keystore != null || tls;
        log.accept("duplex serving on " + url(secure, selfSigned != null, server.port())
                + "  (WebSocket routes: /echo, /chat; Ctrl-C stops)");
        log.accept("speaking " + (noHttp2 ? "HTTP/1.1 only (--no-http2)"
                : "HTTP/1.1 + HTTP/2 (" + (secure ? "h2 via ALPN" : "h2c with prior knowledge") + ")"));
        if (selfSigned != null) {
            log.accept("TLS: self-signed certificate for localhost, 127.0.0.1 and ::1, SHA-256 "
                    + selfSigned.sha256Fingerprint());
            log.accept("TLS: browsers ask to accept it once; duplex connect --trust-fingerprint <SHA-256> "
                    + url(true, true, server.port()).replaceFirst("^https", "wss") + "echo; curl -k");
        }
        if (legacy) {
            log.accept("legacy protocol versions enabled: hybi-08, hybi-07, hixie-76, hixie-75 (unmasked frames)");
        }
        return server;
    }

    /**
     * The page's URL. With the self-signed certificate a loopback or wildcard address is shown as localhost, the
     * name the certificate is for.
     */
    private String url(boolean secure, boolean selfSigned, int boundPort) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        if (selfSigned) {
            try {
                InetAddress address = InetAddress.getByName(host);
                if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                    shown = "localhost";
                }
            } catch (UnknownHostException e) {
                // the server is bound already, so the name resolved; keep it as given
            }
        }
        return (secure ? "https" : "http") + "://" + shown + ":" + boundPort + "/";
    }

    /** permessage-deflate unless turned off, then deflate-frame when asked for (they share RSV1). */
    List<ExtensionFactory> extensions() {
        List<ExtensionFactory> list = new ArrayList<>();
        if (!noCompression) {
            list.add(PerMessageDeflate.defaults());
        }
        if (deflateFrame) {
            list.add(DeflateFrame.create());
        }
        return list;
    }

    static SSLContext sslContext(Path keystore, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
