package io.zsync.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NettyRuntime;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Netty 4.2 with the epoll native transport (NIO if epoll's native library cannot load, said on the first line),
 * as TechEmpower's Netty entry is written: codec + aggregator, one handler, responses written as requests are read
 * and flushed once per read ({@code channelReadComplete}), so pipelined requests cost one write per burst. One event
 * loop per CPU the process may use.
 */
public final class NettyServer {
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(Contract.HELLO_BYTES.length).writeBytes(Contract.HELLO_BYTES)).asReadOnly();

    private NettyServer() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Contract.port(args);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        String transport = epoll ? "epoll" : "nio (epoll unavailable: " + Epoll.unavailabilityCause() + ")";
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NettyRuntime.availableProcessors(), io);
        try {
            var bound = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                    new Handler());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
            System.out.println("netty listening on 127.0.0.1:" + port + ", transport: " + transport
                    + ", event loops: " + NettyRuntime.availableProcessors());
            bound.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String uri = request.uri();
            FullHttpResponse response;
            if (request.method() == HttpMethod.GET && uri.equals(Contract.PLAINTEXT)) {
                response = ok(HELLO.duplicate(), Contract.TEXT_PLAIN);
            } else if (request.method() == HttpMethod.POST && uri.equals(Contract.ECHO)) {
                response = ok(request.content().retain(), Contract.OCTET_STREAM);
            } else {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                        Unpooled.EMPTY_BUFFER);
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            }
            if (HttpUtil.isKeepAlive(request)) {
                ctx.write(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse ok(ByteBuf body, String contentType) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    body);
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
            headers.set(HttpHeaderNames.SERVER, "netty");
            headers.set(HttpHeaderNames.DATE, Contract.date());
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            return response;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
