package dev.epollgateway.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

/**
 * The Netty peer: the native epoll transport on one event loop that serves both the listener and every connection,
 * Netty's defaults otherwise (pooled allocator, {@code TCP_NODELAY}). Each read is written back and flushed once per
 * read batch.
 */
final class NettyEchoServer implements EchoServer {

	private final AtomicLong connections = new AtomicLong();

	private EventLoopGroup group;

	private Channel listener;

	@Override
	public void start(int port) throws InterruptedException {
		this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		EchoHandler handler = new EchoHandler(this.connections);
		this.listener = new ServerBootstrap().group(this.group)
			.channel(EpollServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(handler)
			.bind("127.0.0.1", port)
			.sync()
			.channel();
	}

	@Override
	public long connections() {
		return this.connections.get();
	}

	@Override
	public Map<String, Long> statistics() {
		return Map.of();
	}

	@Override
	public Map<String, Long> switchMode(String mode) {
		throw new UnsupportedOperationException("Netty cannot change the trigger mode of a registered channel");
	}

	@Override
	public void stop() throws InterruptedException {
		this.listener.close().sync();
		this.group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
	}

	/** Writes every read back; flushes once per read batch. */
	@Sharable
	private static final class EchoHandler extends ChannelInboundHandlerAdapter {

		private final AtomicLong connections;

		EchoHandler(AtomicLong connections) {
			this.connections = connections;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			this.connections.incrementAndGet();
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			this.connections.decrementAndGet();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ctx.write(msg, ctx.voidPromise());
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
