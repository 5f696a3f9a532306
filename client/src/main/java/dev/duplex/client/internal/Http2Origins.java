package dev.duplex.client.internal;

import dev.duplex.client.ConnectOptions;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's HTTP/2 connections, one per origin (and local address), shared by every WebSocket opened to it
 * over HTTP/2, as browsers share theirs (RFC 8441 section 1; RFC 9113 section 9.1.1). An origin whose server did
 * not allow extended CONNECT is remembered, and its WebSockets go over HTTP/1.1 from then on.
 */
final class Http2Origins {
    private final ClientRuntime runtime;
    private final ConcurrentHashMap<String, OriginConnection> origins = new ConcurrentHashMap<>();
    /** Origins whose servers refused HTTP/2 or extended CONNECT: straight to HTTP/1.1. */
    private final ConcurrentHashMap<String, Boolean> http1Only = new ConcurrentHashMap<>();

    Http2Origins(ClientRuntime runtime) {
        this.runtime = runtime;
    }

    void connect(Target target, ConnectOptions options, WebSocketListener listener,
                 CompletableFuture<WebSocket> result) {
        String key = key(target, options);
        if (http1Only.containsKey(key)) {
            runtime.connectHttp1(target, options, listener, result, null);
            return;
        }
        while (true) {
            OriginConnection origin = origins.computeIfAbsent(key,
                    k -> new OriginConnection(this, runtime, k, target, options, runtime.group().next()));
            if (origin.offer(new StreamUpgrade.Request(target, options, listener, result))) {
                return;
            }
            origins.remove(key, origin); // it closed meanwhile: make a new one
        }
    }

    /** {@code origin} is closed: the next WebSocket to it opens a new connection. */
    void closed(OriginConnection origin) {
        origins.remove(origin.key(), origin);
    }

    /** The server did not speak HTTP/2 or allow extended CONNECT. */
    void http1Only(OriginConnection origin) {
        http1Only.put(origin.key(), Boolean.TRUE);
        origins.remove(origin.key(), origin);
    }

    private static String key(Target target, ConnectOptions options) {
        return target.origin() + (options.localAddress() == null ? "" : " from " + options.localAddress())
                + " " + options.http2();
    }
}
