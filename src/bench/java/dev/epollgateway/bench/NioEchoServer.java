package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * The {@code java.nio} peer: one thread, one {@link Selector}, one shared direct read buffer. A short write keeps the
 * rest as the connection's attachment and stops reading until it is flushed, so a slow reader cannot grow memory.
 * <p>
 * Threading: every connection is touched only by the selector thread; {@link #connections()} is a volatile read.
 */
final class NioEchoServer implements EchoServer {

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

	private Selector selector;

	private ServerSocketChannel listener;

	private Thread thread;

	private volatile boolean running;

	private volatile long connections;

	@Override
	public void start(int port) throws IOException {
		this.selector = Selector.open();
		// nio-poll runs with the poll SelectorProvider property: the log shows which provider is in force
		System.err.println("nio-echo selector provider: " + this.selector.provider().getClass().getName());
		this.listener = ServerSocketChannel.open();
		this.listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
		this.listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
		this.listener.configureBlocking(false);
		this.listener.register(this.selector, SelectionKey.OP_ACCEPT);
		this.running = true;
		this.thread = new Thread(this::loop, "nio-echo");
		this.thread.start();
	}

	private void loop() {
		try {
			while (this.running) {
				this.selector.select(this::handle);
			}
		}
		catch (IOException ex) {
			ex.printStackTrace();
		}
	}

	private void handle(SelectionKey key) {
		try {
			if (!key.isValid()) {
				return;
			}
			if (key.isAcceptable()) {
				accept();
				return;
			}
			if (key.isWritable()) {
				flush(key);
			}
			else if (key.isReadable()) {
				echo(key);
			}
		}
		catch (IOException ex) {
			close(key);
		}
	}

	private void accept() throws IOException {
		SocketChannel channel;
		while ((channel = this.listener.accept()) != null) {
			channel.configureBlocking(false);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.register(this.selector, SelectionKey.OP_READ);
			this.connections++;
		}
	}

	private void echo(SelectionKey key) throws IOException {
		SocketChannel channel = (SocketChannel) key.channel();
		ByteBuffer buffer = this.readBuffer.clear();
		int n = channel.read(buffer);
		if (n < 0) {
			close(key);
			return;
		}
		buffer.flip();
		channel.write(buffer);
		if (buffer.hasRemaining()) {
			ByteBuffer backlog = ByteBuffer.allocate(buffer.remaining());
			backlog.put(buffer).flip();
			key.attach(backlog);
			key.interestOps(SelectionKey.OP_WRITE);
		}
	}

	private void flush(SelectionKey key) throws IOException {
		ByteBuffer backlog = (ByteBuffer) key.attachment();
		((SocketChannel) key.channel()).write(backlog);
		if (!backlog.hasRemaining()) {
			key.attach(null);
			key.interestOps(SelectionKey.OP_READ);
		}
	}

	private void close(SelectionKey key) {
		key.cancel();
		try {
			key.channel().close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.connections--;
	}

	@Override
	public long connections() {
		return this.connections;
	}

	@Override
	public Map<String, Long> statistics() {
		return Map.of();
	}

	@Override
	public Map<String, Long> switchMode(String mode) {
		throw new UnsupportedOperationException("the java.nio peer has no trigger modes");
	}

	@Override
	public void stop() throws Exception {
		this.running = false;
		this.selector.wakeup();
		this.thread.join(2000);
		for (SelectionKey key : this.selector.keys()) {
			key.channel().close();
		}
		this.selector.close();
	}

}
