package dev.duplex.interop.compression;

import dev.duplex.interop.compression.Payloads.Message;
import dev.duplex.testsupport.PeerReport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
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
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Netty 4.2 as a compression peer: a client with {@code WebSocketClientCompressionHandler} (offers
 * permessage-deflate, deflate-frame, x-webkit-deflate-frame) or with only x-webkit-deflate-frame, and an echo
 * server with {@code WebSocketServerCompressionHandler} (accepts any of the three).
 */
final class NettyPeers {
    private static final int LIMIT = 64 * 1024 * 1024;
    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    private NettyPeers() {
    }

    /** The client's extension handlers. */
    enum ClientOffer {
        /** {@code WebSocketClientCompressionHandler}: all three compression extensions. */
        ALL(() -> new WebSocketClientCompressionHandler(0)),
        /** Only {@code x-webkit-deflate-frame}. */
        WEBKIT_DEFLATE_FRAME(() -> new WebSocketClientExtensionHandler(new DeflateFrameClientExtensionHandshaker(true, 0)));

        final Supplier<ChannelHandler> handler;

        ClientOffer(Supplier<ChannelHandler> handler) {
            this.handler = handler;
        }
    }

    /** The extension codecs Netty put in the pipeline after the handshake: Netty's view of what it agreed. */
    private static String agreed(Channel ch) {
        return String.join(",", ch.pipeline().names().stream().filter(n -> n.contains("Deflate"))
                .map(n -> n.substring(n.lastIndexOf('.') + 1)).toList());
    }

    /** Records the handshake's extension headers and incoming close frames as they pass. */
    private static final class Peek extends ChannelDuplexHandler {
        final CompletableFuture<String> offer = new CompletableFuture<>();
        final CompletableFuture<String> answer = new CompletableFuture<>();
        final CompletableFuture<String> closeReceived = new CompletableFuture<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            see(msg);
            if (msg instanceof CloseWebSocketFrame close) {
                closeReceived.complete(close.statusCode() + " " + close.reasonText());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            see(msg);
            ctx.write(msg, promise);
        }

        private void see(Object msg) {
            if (msg instanceof HttpRequest r) {
                offer.complete(header(r));
            } else if (msg instanceof HttpResponse r) {
                answer.complete(header(r));
            }
        }

        private static String header(HttpMessage m) {
            return String.join(", ", m.headers().getAll(EXTENSIONS));
        }
    }

    private static Object whole(WebSocketFrame f) {
        byte[] b = ByteBufUtil.getBytes(f.content());
        return f instanceof TextWebSocketFrame ? new String(b, StandardCharsets.UTF_8) : b;
    }

    /** Writes {@code b} as one message in frames cut at {@code cuts}. */
    private static void writeFragmented(Channel ch, boolean text, byte[] b, List<Integer> cuts) {
        List<ByteBuffer> pieces = Payloads.pieces(b, cuts);
        for (int i = 0; i < pieces.size(); i++) {
            boolean fin = i == pieces.size() - 1;
            ByteBuf content = Unpooled.wrappedBuffer(pieces.get(i));
            WebSocketFrame f = i > 0 ? new ContinuationWebSocketFrame(fin, 0, content)
                    : text ? new TextWebSocketFrame(fin, 0, content) : new BinaryWebSocketFrame(fin, 0, content);
            ch.write(f);
        }
        ch.flush();
    }

    /** Netty's client. */
    static final class Client implements JavaClientPeer {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> open = new CompletableFuture<>();
        private final Peek peek = new Peek();
        private final Channel channel;

        Client(URI uri, ClientOffer offer) throws Exception {
            WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                    .allowExtensions(true).maxFramePayloadLength(LIMIT).handleCloseFrames(false).build();
            channel = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), peek, new HttpObjectAggregator(65536),
                            offer.handler.get(), new WebSocketClientProtocolHandler(config),
                            new WebSocketFrameAggregator(LIMIT), new SimpleChannelInboundHandler<WebSocketFrame>() {
                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                        open.complete(null);
                                    }
                                    ctx.fireUserEventTriggered(evt);
                                }

                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
                                    if (f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame) {
                                        messages.add(whole(f));
                                    } else if (f instanceof CloseWebSocketFrame) {
                                        ctx.close();
                                    }
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    open.completeExceptionally(cause);
                                    peek.closeReceived.completeExceptionally(cause);
                                    ctx.close();
                                }
                            });
                }
            }).connect(new InetSocketAddress("127.0.0.1", uri.getPort())).sync().channel();
            open.get(10, TimeUnit.SECONDS);
        }

        @Override
        public String extensionsHeader() {
            return peek.answer.getNow("none");
        }

        @Override
        public String agreed() {
            return NettyPeers.agreed(channel);
        }

        @Override
        public void sendWhole(Message m) throws Exception {
            ByteBuf content = Unpooled.wrappedBuffer(m.bytes());
            channel.writeAndFlush(m.text() ? new TextWebSocketFrame(content) : new BinaryWebSocketFrame(content))
                    .get(30, TimeUnit.SECONDS);
        }

        @Override
        public void sendFragmented(Message m, List<Integer> cuts) {
            writeFragmented(channel, m.text(), m.bytes(), cuts);
        }

        @Override
        public Object next(Duration timeout) throws InterruptedException {
            return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String close(int code, String reason) throws Exception {
            channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
            return peek.closeReceived.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Netty's echo server with {@code WebSocketServerCompressionHandler} on every path. Messages with an even
     * index (per connection) are echoed in three fragments. Reports {@code offer}, {@code extensions},
     * {@code agreed} per connection and {@code closed CODE REASON} at its end.
     */
    static final class EchoServer implements AutoCloseable {
        final PeerReport report = new PeerReport();
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel listener;

        EchoServer() throws InterruptedException {
            WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder().websocketPath("/")
                    .checkStartsWith(true).allowExtensions(true).maxFramePayloadLength(LIMIT).build();
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            Peek peek = new Peek();
                            peek.closeReceived.thenAccept(c -> report.put("closed", c));
                            ch.pipeline().addLast(new HttpServerCodec(), peek, new HttpObjectAggregator(65536),
                                    new WebSocketServerCompressionHandler(0), new WebSocketServerProtocolHandler(config),
                                    new WebSocketFrameAggregator(LIMIT), new Echo(peek));
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        }

        int port() {
            return ((InetSocketAddress) listener.localAddress()).getPort();
        }

        private final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
            private final Peek peek;
            private int index;

            Echo(Peek peek) {
                this.peek = peek;
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                    report.put("offer", peek.offer.getNow("none"));
                    report.put("extensions", peek.answer.getNow("none"));
                    report.put("agreed", agreed(ctx.channel()));
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
                if (!(f instanceof TextWebSocketFrame) && !(f instanceof BinaryWebSocketFrame)) {
                    return;
                }
                boolean text = f instanceof TextWebSocketFrame;
                byte[] b = ByteBufUtil.getBytes(f.content());
                if (index++ % 2 == 0 && b.length >= 3) {
                    writeFragmented(ctx.channel(), text, b, Payloads.thirds(b.length));
                } else {
                    ByteBuf content = Unpooled.wrappedBuffer(b);
                    ctx.writeAndFlush(text ? new TextWebSocketFrame(content) : new BinaryWebSocketFrame(content));
                }
            }
        }

        @Override
        public void close() {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
