package dev.epollgateway.bench;

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
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The closed-loop load generator: {@code connections} active connections, each keeping {@code inFlight} messages of
 * {@code messageSize} bytes in flight; a message echoed in full is timed and replaced by the next one.
 * <p>
 * Every connection sends a deterministic byte stream (a window of one shared pseudo-random pattern, at an offset of
 * its own), so every echoed byte is checked against what was sent without keeping a copy: a read whose bytes differ
 * from the stream counts as a mismatch, a connection that the server closes counts as a failure, and what was sent
 * but never came back when the generator is drained is reported as bytes lost.
 * <p>
 * Threading: one generator thread owns the selector and every connection (java.nio, one selector, no allocation per
 * message). The control thread reads the volatile counters, takes interval histograms from the single-writer
 * recorder, and pauses or resumes sending.
 */
final class LoadGenerator implements AutoCloseable {

	/** Period of the shared pattern: a prime, so message boundaries never line up with it. */
	static final int PERIOD = 65_521;

	private static final ByteBuffer PATTERN = pattern();

	private final InetSocketAddress target;

	private final int messageSize;

	private final int inFlight;

	private final int connectionCount;

	private final List<Connection> connections = new ArrayList<>();

	private final ByteBuffer view = PATTERN.duplicate();

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(32 * 1024);

	private final SingleWriterRecorder recorder = new SingleWriterRecorder(3);

	private Selector selector;

	private Thread thread;

	private volatile boolean running;

	private volatile boolean sending = true;

	private volatile boolean kick;

	private volatile long messages;

	private volatile long bytesSent;

	private volatile long bytesReceived;

	private volatile long mismatches;

	private volatile long failures;

	LoadGenerator(InetSocketAddress target, int connections, int messageSize, int inFlight) {
		this.target = target;
		this.connectionCount = connections;
		this.messageSize = messageSize;
		this.inFlight = inFlight;
	}

	/** Connects every active connection (one after the other, blocking) and starts the traffic. */
	void start() throws IOException {
		this.selector = Selector.open();
		for (int i = 0; i < this.connectionCount; i++) {
			SocketChannel channel = SocketChannel.open(this.target);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.configureBlocking(false);
			Connection connection = new Connection(channel, (int) ((i * 7_919L) % PERIOD), this.inFlight);
			connection.key = channel.register(this.selector, SelectionKey.OP_READ, connection);
			this.connections.add(connection);
		}
		this.running = true;
		this.kick = true;
		this.thread = new Thread(this::loop, "load-generator");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void loop() {
		try {
			while (this.running) {
				if (this.kick) {
					this.kick = false;
					for (Connection connection : this.connections) {
						pump(connection);
					}
				}
				this.selector.select(this::handle, 100);
			}
		}
		catch (IOException ex) {
			ex.printStackTrace();
			this.failures++;
		}
	}

	private void handle(SelectionKey key) {
		Connection connection = (Connection) key.attachment();
		try {
			if (key.isReadable()) {
				read(connection);
			}
			if (key.isValid() && key.isWritable()) {
				pump(connection);
			}
		}
		catch (IOException ex) {
			fail(connection);
		}
	}

	private void read(Connection c) throws IOException {
		ByteBuffer buffer = this.readBuffer.clear();
		int n = c.channel.read(buffer);
		if (n < 0) {
			fail(c);
			return;
		}
		if (n == 0) {
			return;
		}
		buffer.flip();
		int offset = (int) ((c.received + c.base) % PERIOD);
		this.view.limit(offset + n).position(offset);
		if (buffer.mismatch(this.view) != -1 || c.received + n > c.written) {
			this.mismatches++;
		}
		c.received += n;
		this.bytesReceived += n;
		long done = c.received / this.messageSize;
		if (done > c.completed) {
			long now = System.nanoTime();
			for (long m = c.completed; m < done; m++) {
				this.recorder.recordValue(now - c.sendTimes[(int) (m % this.inFlight)]);
			}
			this.messages += done - c.completed;
			c.completed = done;
			pump(c);
		}
	}

	/** Starts what the window allows and writes what the socket takes; waits for OP_WRITE for the rest. */
	private void pump(Connection c) throws IOException {
		if (c.failed) {
			return;
		}
		if (this.sending) {
			while (c.started < c.completed + this.inFlight) {
				c.sendTimes[(int) (c.started % this.inFlight)] = System.nanoTime();
				c.started++;
			}
		}
		long end = c.started * this.messageSize;
		while (c.written < end) {
			int offset = (int) ((c.written + c.base) % PERIOD);
			int length = (int) Math.min(end - c.written, PERIOD);
			this.view.limit(offset + length).position(offset);
			int n = c.channel.write(this.view);
			c.written += n;
			this.bytesSent += n;
			if (this.view.hasRemaining()) {
				break;
			}
		}
		int interest = (c.written < end) ? (SelectionKey.OP_READ | SelectionKey.OP_WRITE) : SelectionKey.OP_READ;
		if (c.key.interestOps() != interest) {
			c.key.interestOps(interest);
		}
	}

	private void fail(Connection c) {
		if (!c.failed) {
			c.failed = true;
			this.failures++;
			c.key.cancel();
			closeQuietly(c.channel);
		}
	}

	/** Echoed messages so far. */
	long messages() {
		return this.messages;
	}

	/** Reads that differed from the sent stream, or brought more than was sent. */
	long mismatches() {
		return this.mismatches;
	}

	/** Connections closed by the server or by an I/O error. */
	long failures() {
		return this.failures;
	}

	/** Bytes sent and not yet echoed. */
	long outstandingBytes() {
		return this.bytesSent - this.bytesReceived;
	}

	/** The latencies recorded since the last call, in nanoseconds. */
	Histogram intervalHistogram() {
		return this.recorder.getIntervalHistogram();
	}

	/**
	 * Stops starting messages and waits until everything sent has been echoed, or the timeout.
	 * @return the bytes still missing (lost, when the timeout is generous)
	 */
	long drain(Duration timeout) throws InterruptedException {
		this.sending = false;
		long deadline = System.nanoTime() + timeout.toNanos();
		while (outstandingBytes() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		return outstandingBytes();
	}

	/** Starts messages again after {@link #drain(Duration)}. */
	void resume() {
		this.sending = true;
		this.kick = true;
		this.selector.wakeup();
	}

	/** Stops the thread and resets every connection (no TIME_WAIT left behind). */
	@Override
	public void close() throws InterruptedException {
		this.running = false;
		if (this.thread != null) {
			this.selector.wakeup();
			this.thread.join(5_000);
		}
		for (Connection c : this.connections) {
			reset(c.channel);
		}
		closeQuietly(this.selector);
	}

	/**
	 * A view of the shared pattern, for one thread: the byte at stream offset {@code o} of a connection whose base is
	 * {@code b} is at {@code (o + b) % PERIOD}, and any window of up to {@link #PERIOD} bytes from there is contiguous.
	 */
	static ByteBuffer patternView() {
		return PATTERN.duplicate();
	}

	/** Opens connections that never send, one after the other; the caller closes them with {@link #reset}. */
	static List<SocketChannel> openIdle(InetSocketAddress target, int count) throws IOException {
		List<SocketChannel> idle = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				idle.add(SocketChannel.open(target));
			}
		}
		catch (IOException ex) {
			idle.forEach(LoadGenerator::reset);
			throw new IOException("opened only " + idle.size() + " of " + count + " idle connections", ex);
		}
		return idle;
	}

	/** Closes with {@code SO_LINGER 0}: an RST, no TIME_WAIT. */
	static void reset(SocketChannel channel) {
		try {
			if (channel.isOpen()) {
				channel.setOption(StandardSocketOptions.SO_LINGER, 0);
			}
		}
		catch (IOException ex) {
			// closing anyway
		}
		closeQuietly(channel);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do
		}
	}

	private static ByteBuffer pattern() {
		// Twice the period, so any window of up to PERIOD bytes starting below PERIOD is contiguous.
		ByteBuffer pattern = ByteBuffer.allocateDirect(2 * PERIOD);
		SplittableRandom random = new SplittableRandom(5);
		for (int i = 0; i < PERIOD; i++) {
			pattern.put(i, (byte) random.nextInt(256));
		}
		for (int i = 0; i < PERIOD; i++) {
			pattern.put(PERIOD + i, pattern.get(i));
		}
		return pattern.asReadOnlyBuffer();
	}

	/** One active connection; touched only by the generator thread (and by start() before it runs). */
	private static final class Connection {

		final SocketChannel channel;

		final int base;

		final long[] sendTimes;

		SelectionKey key;

		long started;

		long completed;

		long written;

		long received;

		boolean failed;

		Connection(SocketChannel channel, int base, int inFlight) {
			this.channel = channel;
			this.base = base;
			this.sendTimes = new long[inFlight];
		}

	}

}
