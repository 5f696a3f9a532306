package dev.duplex.cli;

import dev.duplex.cli.demo.EchoHandler;
import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code duplex testee-client}: the client side of the WebSocket conformance suite's test-server protocol.
 * Asks the server for its case count, runs every case by echoing each message back with its type until the
 * server closes, then asks the server to write its reports.
 */
@Command(name = "testee-client", mixinStandardHelpOptions = true,
        description = {"Runs the client side of the conformance test-server protocol: GET /getCaseCount, then "
                + "/runCase?case=N&agent=NAME for every case (echoing every message with its type until the "
                + "server closes), then /updateReports?agent=NAME."})
final class TesteeClientCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:9001",
            description = "The test server (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--agent", defaultValue = "duplex", description = "The agent name in the reports (default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--case-timeout", defaultValue = "PT2M", description = "Longest time one case may take (default: ${DEFAULT-VALUE}).")
    Duration caseTimeout;

    @Option(names = "--cases", paramLabel = "FIRST-LAST", description = "Run only these case numbers, e.g. 1-50.")
    String cases;

    @Option(names = "--no-compression", description = "Do not offer permessage-deflate.")
    boolean noCompression;

    @Option(names = {"-v", "--verbose"}, description = "Log the library's debug messages.")
    boolean verbose;

    @Option(names = "--http2", description = "Open every case's WebSocket as a stream of one shared HTTP/2 connection "
            + "(RFC 8441): prior knowledge for ws://, ALPN for wss:// (e.g. through a proxy that speaks HTTP/2).")
    boolean http2;

    /** HTTP/1.1, or with {@code --http2} a stream of the shared HTTP/2 connection to the suite. */
    private ConnectOptions options(URI uri) {
        if (!http2) {
            return ConnectOptions.NONE;
        }
        return ConnectOptions.builder().http2("wss".equalsIgnoreCase(uri.getScheme()) ? Http2Policy.IF_OFFERED
                : Http2Policy.PRIOR_KNOWLEDGE).build();
    }

    @Override
    public Integer call() throws Exception {
        Logs.configure(verbose);
        EngineConfig engine = EngineConfig.builder().maxMessageSize(64L << 20).build();
        String base = url.toString().replaceAll("/+$", "");
        String agentParam = URLEncoder.encode(agent, StandardCharsets.UTF_8);
        WebSocketClient.Builder builder = WebSocketClient.builder().engineConfig(engine);
        if (!noCompression) {
            builder.extensions(PerMessageDeflate.defaults());
        }
        try (WebSocketClient client = builder.build()) {
            CompletableFuture<String> count = new CompletableFuture<>();
            run(client, URI.create(base + "/getCaseCount"), new WebSocketListener() {
                @Override
                public void onText(WebSocket ws, String text) {
                    count.complete(text.trim());
                }
            });
            int total = Integer.parseInt(count.getNow("0"));
            int first = 1;
            int last = total;
            if (cases != null) {
                String[] range = cases.split("-", 2);
                first = Integer.parseInt(range[0].trim());
                last = range.length > 1 ? Math.min(total, Integer.parseInt(range[1].trim())) : first;
            }
            Logs.line("the server has " + total + " cases; running " + first + " to " + last + " as agent " + agent);
            int failed = 0;
            for (int n = first; n <= last; n++) {
                URI caseUri = URI.create(base + "/runCase?case=" + n + "&agent=" + agentParam);
                try {
                    run(client, caseUri, new EchoHandler());
                } catch (Exception e) {
                    failed++;
                    Logs.line("case " + n + ": " + e);
                }
                if (n % 50 == 0 || n == last) {
                    Logs.line("ran case " + n + " of " + total);
                }
            }
            run(client, URI.create(base + "/updateReports?agent=" + agentParam), new WebSocketListener() {
            });
            Logs.line("reports updated" + (failed > 0 ? "; " + failed + " cases could not run" : ""));
            return failed == 0 ? 0 : 1;
        }
    }

    /** Connects, lets the listener work, and returns once the connection has closed (or the case timed out). */
    private void run(WebSocketClient client, URI uri, WebSocketListener listener) throws Exception {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocketListener watched = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                listener.onOpen(ws);
            }

            @Override
            public void onText(WebSocket ws, String text) {
                listener.onText(ws, text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                listener.onBinary(ws, data);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                closed.complete(null);
            }
        };
        WebSocket ws;
        try {
            ws = client.connect(uri, options(uri), watched).get(caseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // A refused or failed connection is part of some cases; nothing more to do for it.
            if (verbose) {
                Logs.line(uri + ": " + e.getCause());
            }
            return;
        }
        try {
            closed.get(caseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ws.abort();
            throw new TimeoutException("no close within " + caseTimeout);
        }
    }
}
