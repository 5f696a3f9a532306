package dev.duplex.interop.legacy;

import dev.duplex.testsupport.EventLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2 as a legacy peer: its client handshakers 00 (hixie-76), 07 and 08, and a server whose handshaker
 * factory answers 00 (hixie-76, and hixie-75 when the keys are absent), 07, 08 and 13. Both record what they
 * receive as strings.
 */
final class NettyLegacyPeers {
    private NettyLegacyPeers() {
    }

    /** Records the request heads a server sees, with the protocol version header. */
    private static final class RequestPeek extends ChannelDuplexHandler {
        private final BlockingQueue<String> events;

        RequestPeek(BlockingQueue<String> events) {
            this.events = events;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest r) {
                String version = r.headers().get("Sec-WebSocket-Version");
                events.add("request " + (version != null ? "version " + version
                        : r.headers().contains("Sec-WebSocket-Key1") ? "hixie-76" : "hixie-75"));
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg, promise);
        }
    }

    /** Netty's client of one version. */
    static final class Client implements AutoCloseable {
        final EventLog events = new EventLog();
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final CompletableFuture<Void> open = new CompletableFuture<>();
        private final Channel channel;

        Client(URI uri, WebSocketVersion version) throws Exception {
            WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                    .version(version).handleCloseFrames(false).build();
            try {
                channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                        new WebSocketClientProtocolHandler(config), new Recorder(events.queue(), open));
                            }
                        }).connect(new InetSocketAddress("127.0.0.1", uri.getPort())).sync().channel();
                open.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                throw e;
            }
        }

        void send(String text) throws Exception {
            channel.writeAndFlush(new TextWebSocketFrame(text)).get(10, TimeUnit.SECONDS);
        }

        /** Sends a close frame (0xFF 0x00 on 00; 1000 otherwise). */
        void sendClose() throws Exception {
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .get(10, TimeUnit.SECONDS);
        }

        String next() throws InterruptedException {
            return events.next();
        }

        /** Whether the TCP connection ends within 10 s. */
        boolean awaitClosed() throws InterruptedException {
            return channel.closeFuture().await(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            channel.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Records frames and the end of the handshake. */
    private static final class Recorder extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final BlockingQueue<String> events;
        private final CompletableFuture<Void> open;

        Recorder(BlockingQueue<String> events, CompletableFuture<Void> open) {
            this.events = events;
            this.open = open;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                open.complete(null);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
            if (f instanceof TextWebSocketFrame t) {
                events.add("text " + t.text());
            } else if (f instanceof CloseWebSocketFrame c) {
                events.add("close " + c.statusCode());
                // Answer as the drafts and RFC 6455 section 5.5.1 ask (0xFF 0x00 on 00), then wait for the server.
                ctx.writeAndFlush(c.statusCode() < 0 ? new CloseWebSocketFrame()
                        : new CloseWebSocketFrame(c.statusCode(), ""));
            } else {
                events.add("frame " + f.getClass().getSimpleName());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            events.add("tcp closed");
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.add("error " + cause);
            open.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** Netty's echo server on {@code /ws}: every text frame sent back. */
    static final class Server implements AutoCloseable {
        final EventLog events = new EventLog();
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel channel;
        final int port;

        Server() throws InterruptedException {
            WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder().websocketPath("/ws")
                    .allowExtensions(false).build();
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new RequestPeek(events.queue()),
                                    new HttpObjectAggregator(65536), new WebSocketServerProtocolHandler(config),
                                    new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
                                            events.add("text " + f.text());
                                            ctx.writeAndFlush(new TextWebSocketFrame(f.text()));
                                        }

                                        @Override
                                        public void channelInactive(ChannelHandlerContext ctx) {
                                            events.add("tcp closed");
                                            ctx.fireChannelInactive();
                                        }
                                    });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            port = ((InetSocketAddress) channel.localAddress()).getPort();
        }

        String next() throws InterruptedException {
            return events.next();
        }

        /** Skips events until one starting with {@code prefix}; {@code timeout} if none comes within 10 s. */
        String nextStartingWith(String prefix) throws InterruptedException {
            return events.nextStartingWith(prefix);
        }

        @Override
        public void close() {
            channel.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
