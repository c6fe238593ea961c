package dev.epollgateway.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many concurrent echo clients driven by one NIO selector thread: each streams its own {@link BytePattern} (a seed
 * per client) while reading the echo and checking every byte in order. Each client keeps at most
 * {@code maxInFlight} bytes sent but not yet echoed, so the load is echo-paced and the client never blocks.
 * <p>
 * A client finishes by sending FIN once everything it sent came back, and is done when the engine then closes with a
 * clean EOF. Anything else (a wrong byte, more bytes than sent, EOF or reset too early) is recorded as a failure.
 * <p>
 * Threading: all socket work happens on the swarm's own thread; {@link #echoed()} and {@link #sent()} may be read
 * from any thread.
 */
final class EchoSwarm implements AutoCloseable {

	private static final int CHUNK = 16 * 1024;

	private final Selector selector;

	private final Peer[] peers;

	private final int maxInFlight;

	private final AtomicLongArray sent;

	private final AtomicLongArray echoed;

	private final CountDownLatch connected;

	private final CountDownLatch finished;

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	private final Thread thread;

	private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

	private final ByteBuffer writeBuffer = ByteBuffer.allocate(CHUNK);

	private volatile boolean running = true;

	private volatile boolean finishRequested;

	private boolean finishApplied;

	private EchoSwarm(InetSocketAddress address, int clients, long bytesPerClient, int maxInFlight, int receiveBuffer,
			long seedBase) throws IOException {
		this.selector = Selector.open();
		this.peers = new Peer[clients];
		this.maxInFlight = maxInFlight;
		this.sent = new AtomicLongArray(clients);
		this.echoed = new AtomicLongArray(clients);
		this.connected = new CountDownLatch(clients);
		this.finished = new CountDownLatch(clients);
		try {
			for (int i = 0; i < clients; i++) {
				SocketChannel channel = SocketChannel.open();
				channel.configureBlocking(false);
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				if (receiveBuffer > 0) {
					channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
				}
				Peer peer = new Peer(i, channel, new BytePattern(seedBase + i), bytesPerClient);
				this.peers[i] = peer;
				boolean done = channel.connect(address);
				peer.key = channel.register(this.selector, done ? 0 : SelectionKey.OP_CONNECT, peer);
				if (done) {
					onConnected(peer);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			closeChannels();
			throw ex;
		}
		this.thread = new Thread(this::run, "echo-swarm");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Connects {@code clients} clients that each stream {@code bytesPerClient} bytes ({@link Long#MAX_VALUE}: until
	 * {@link #finish()}), then half-close.
	 */
	static EchoSwarm start(InetSocketAddress address, int clients, long bytesPerClient, int maxInFlight)
			throws IOException {
		return new EchoSwarm(address, clients, bytesPerClient, maxInFlight, 0, System.nanoTime());
	}

	/**
	 * Like {@link #start(InetSocketAddress, int, long, int)} with a fixed, small receive buffer per client, so the
	 * engine often finds a client's window full and builds a backlog.
	 */
	static EchoSwarm startWithReceiveBuffer(InetSocketAddress address, int clients, long bytesPerClient,
			int maxInFlight, int receiveBuffer) throws IOException {
		return new EchoSwarm(address, clients, bytesPerClient, maxInFlight, receiveBuffer, System.nanoTime());
	}

	/** Bytes echoed and verified so far, per client. */
	long[] echoed() {
		long[] copy = new long[this.peers.length];
		for (int i = 0; i < copy.length; i++) {
			copy[i] = this.echoed.get(i);
		}
		return copy;
	}

	/** Bytes sent so far, per client. */
	long[] sent() {
		long[] copy = new long[this.peers.length];
		for (int i = 0; i < copy.length; i++) {
			copy[i] = this.sent.get(i);
		}
		return copy;
	}

	/** The failures recorded so far. */
	List<String> failures() {
		return new ArrayList<>(this.failures);
	}

	/** Waits (bounded) until every client is connected. */
	void awaitConnected(Duration timeout) throws InterruptedException {
		if (!this.connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError(this.connected.getCount() + " of " + this.peers.length
					+ " clients not connected after " + timeout + "; failures: " + summary(this.failures()));
		}
	}

	/** Stops sending new bytes: each client half-closes once its echo has caught up. */
	void finish() {
		this.finishRequested = true;
		this.selector.wakeup();
	}

	/**
	 * Waits (bounded) until every client got its whole stream back followed by a clean EOF.
	 * @throws AssertionError naming the clients that failed or are not done
	 */
	void awaitFinished(Duration timeout) throws InterruptedException {
		boolean allDone = this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		List<String> failed = failures();
		if (!failed.isEmpty()) {
			throw new AssertionError(failed.size() + " of " + this.peers.length + " clients failed: " + summary(failed));
		}
		if (!allDone) {
			List<String> pending = new ArrayList<>();
			for (Peer peer : this.peers) {
				if (!peer.done) {
					pending.add("client " + peer.index + " sent " + this.sent.get(peer.index) + ", echoed "
							+ this.echoed.get(peer.index) + (peer.outputShut ? ", FIN sent" : ""));
				}
			}
			throw new AssertionError(pending.size() + " of " + this.peers.length + " clients not finished after "
					+ timeout + ": " + summary(pending));
		}
	}

	/**
	 * Waits (bounded) until every client is done one way or the other: finished cleanly, or failed (for example
	 * closed by the engine before its echo caught up).
	 * @return the failures, one per failed client
	 * @throws AssertionError when some client is still running at the deadline
	 */
	List<String> awaitDone(Duration timeout) throws InterruptedException {
		if (!this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError(this.finished.getCount() + " of " + this.peers.length
					+ " clients still running after " + timeout);
		}
		return failures();
	}

	private static String summary(List<String> lines) {
		return (lines.size() <= 10) ? lines.toString() : lines.subList(0, 10) + " ...";
	}

	private void run() {
		try {
			while (this.running) {
				this.selector.select(100);
				if (this.finishRequested && !this.finishApplied) {
					this.finishApplied = true;
					for (Peer peer : this.peers) {
						if (!peer.done) {
							peer.target = Math.min(peer.target, this.sent.get(peer.index));
							afterProgress(peer);
						}
					}
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					Peer peer = (Peer) key.attachment();
					try {
						if (key.isValid() && key.isConnectable() && peer.channel.finishConnect()) {
							onConnected(peer);
						}
						if (key.isValid() && key.isReadable()) {
							read(peer);
						}
						if (key.isValid() && key.isWritable()) {
							write(peer);
						}
					}
					catch (IOException ex) {
						fail(peer, ex.toString());
					}
				}
				this.selector.selectedKeys().clear();
			}
		}
		catch (Throwable ex) {
			this.failures.add("swarm thread crashed: " + ex);
			while (this.finished.getCount() > 0) {
				this.finished.countDown();
			}
		}
	}

	private void onConnected(Peer peer) throws IOException {
		peer.connected = true;
		this.connected.countDown();
		afterProgress(peer);
	}

	private void read(Peer peer) throws IOException {
		while (!peer.done) {
			this.readBuffer.clear();
			int count = peer.channel.read(this.readBuffer);
			if (count == 0) {
				return;
			}
			if (count < 0) {
				long echoedNow = this.echoed.get(peer.index);
				if (peer.outputShut && echoedNow == this.sent.get(peer.index)) {
					peer.done = true;
					peer.channel.close();
					this.finished.countDown();
				}
				else {
					fail(peer, "EOF after " + echoedNow + " echoed bytes of " + this.sent.get(peer.index) + " sent");
				}
				return;
			}
			long offset = this.echoed.get(peer.index);
			if (offset + count > this.sent.get(peer.index)) {
				fail(peer, (offset + count) + " bytes echoed but only " + this.sent.get(peer.index)
						+ " sent: duplicated or foreign data");
				return;
			}
			int mismatch = peer.pattern.firstMismatch(offset, this.readBuffer.array(), 0, count);
			if (mismatch >= 0) {
				fail(peer, peer.pattern.describeMismatch("stream", offset + mismatch, this.readBuffer.array()[mismatch]));
				return;
			}
			this.echoed.set(peer.index, offset + count);
			afterProgress(peer);
			if (count < this.readBuffer.capacity()) {
				return;
			}
		}
	}

	private void write(Peer peer) throws IOException {
		while (!peer.done) {
			long sentNow = this.sent.get(peer.index);
			long inFlight = sentNow - this.echoed.get(peer.index);
			int length = (int) Math.min(Math.min(peer.target - sentNow, this.maxInFlight - inFlight), CHUNK);
			if (length <= 0) {
				break;
			}
			peer.pattern.fill(sentNow, this.writeBuffer.array(), 0, length);
			this.writeBuffer.clear().limit(length);
			int written = peer.channel.write(this.writeBuffer);
			this.sent.set(peer.index, sentNow + written);
			if (written < length) {
				break;
			}
		}
		afterProgress(peer);
	}

	/** Half-closes when the stream is complete and echoed; sets the interest for what is left to do. */
	private void afterProgress(Peer peer) throws IOException {
		if (peer.done || !peer.connected) {
			return;
		}
		long sentNow = this.sent.get(peer.index);
		long echoedNow = this.echoed.get(peer.index);
		if (!peer.outputShut && sentNow >= peer.target && echoedNow == sentNow) {
			peer.outputShut = true;
			peer.channel.shutdownOutput();
		}
		boolean wantWrite = sentNow < peer.target && sentNow - echoedNow < this.maxInFlight;
		peer.key.interestOps(SelectionKey.OP_READ | (wantWrite ? SelectionKey.OP_WRITE : 0));
	}

	private void fail(Peer peer, String why) {
		if (peer.done) {
			return;
		}
		peer.done = true;
		this.failures.add("client " + peer.index + " (port " + peer.channel.socket().getLocalPort() + "): " + why);
		try {
			peer.channel.close();
		}
		catch (IOException ex) {
			// Already failed; nothing more to learn.
		}
		this.finished.countDown();
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.selector.wakeup();
		this.thread.join(5_000);
		closeChannels();
	}

	private void closeChannels() {
		for (Peer peer : this.peers) {
			if (peer != null) {
				try {
					peer.channel.close();
				}
				catch (IOException ex) {
					// Closing at the end of a test: nothing to do.
				}
			}
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// Closing at the end of a test: nothing to do.
		}
	}

	/** One client's state; touched by the swarm thread only (counters live in the atomic arrays). */
	private static final class Peer {

		final int index;

		final SocketChannel channel;

		final BytePattern pattern;

		SelectionKey key;

		long target;

		boolean connected;

		boolean outputShut;

		volatile boolean done;

		Peer(int index, SocketChannel channel, BytePattern pattern, long target) {
			this.index = index;
			this.channel = channel;
			this.pattern = pattern;
			this.target = target;
		}

	}

}
