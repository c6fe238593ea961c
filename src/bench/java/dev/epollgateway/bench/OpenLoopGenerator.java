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
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The open-loop load generator: messages of {@code messageSize} bytes at a fixed rate, whatever the server answers.
 * Message {@code m} (counted from 0 over all connections) is due at {@code start + m / rate} and goes to connection
 * {@code m % connections}; its latency is timed from that intended send time to its last byte back, so a stall of the
 * server, or of the sender itself, shows in the latency of every message it delayed instead of holding the next ones
 * back (no coordinated omission). Beside it, the latency from the actual write ({@link #intervalServiceTime}) and the
 * sender's lag (actual write minus intended time, {@link #intervalLag}) tell the generator's part from the server's.
 * <p>
 * Every echoed byte is checked against the connection's sent stream (the shared pattern of {@link LoadGenerator}):
 * a read that differs counts as a mismatch, a connection the server closes as a failure; what was sent and never came
 * back when the generator is drained is bytes lost.
 * <p>
 * Threading: the sender thread owns the schedule and every write; the reader thread owns the selector and every read.
 * They share per connection only the volatile count of messages scheduled, its failed flag and the ring of actual send times (an
 * {@link AtomicLongArray}). The control thread reads the volatile counters and takes interval histograms from the
 * single-writer recorders (latency and service time written by the reader, lag by the sender).
 */
final class OpenLoopGenerator implements AutoCloseable {

	/** Send times kept per connection; a message whose slot was reused before its echo gets no service time. */
	private static final int RING = 1024;

	private final InetSocketAddress target;

	private final int messageSize;

	private final int connectionCount;

	private final double nanosPerMessage;

	private final List<Connection> connections = new ArrayList<>();

	private final ByteBuffer readView = LoadGenerator.patternView();

	private final ByteBuffer writeView = LoadGenerator.patternView();

	private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(32 * 1024);

	private final SingleWriterRecorder latency = new SingleWriterRecorder(3);

	private final SingleWriterRecorder serviceTime = new SingleWriterRecorder(3);

	private final SingleWriterRecorder lag = new SingleWriterRecorder(3);

	private Selector selector;

	private Thread reader;

	private Thread sender;

	/** Set before the threads start, read by both. */
	private long startNanos;

	private volatile boolean running;

	private volatile boolean sending = true;

	private volatile long timerSlackNanos = -1;

	private volatile long sent;

	private volatile long messages;

	private volatile long bytesSent;

	private volatile long bytesReceived;

	private volatile long mismatches;

	private volatile long failures;

	private volatile long writeFailures;

	/**
	 * @param ratePerSecond messages per second over all connections
	 */
	OpenLoopGenerator(InetSocketAddress target, int connections, int messageSize, double ratePerSecond) {
		if (!(ratePerSecond > 0)) {
			throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
		}
		this.target = target;
		this.connectionCount = connections;
		this.messageSize = messageSize;
		this.nanosPerMessage = 1e9 / ratePerSecond;
	}

	/** Connects every connection (one after the other, blocking) and starts the schedule now. */
	void start() throws IOException {
		this.selector = Selector.open();
		for (int i = 0; i < this.connectionCount; i++) {
			SocketChannel channel = SocketChannel.open(this.target);
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.configureBlocking(false);
			Connection connection = new Connection(channel, (int) ((i * 7_919L) % LoadGenerator.PERIOD), i);
			connection.key = channel.register(this.selector, SelectionKey.OP_READ, connection);
			this.connections.add(connection);
		}
		// load the native binding before the schedule starts, not on the sender's first turn
		TimerSlack.available();
		this.running = true;
		this.startNanos = System.nanoTime();
		this.reader = new Thread(this::readLoop, "load-generator");
		this.sender = new Thread(this::sendLoop, "load-generator-send");
		this.reader.setDaemon(true);
		this.sender.setDaemon(true);
		this.reader.start();
		this.sender.start();
	}

	private long intendedNanos(long message) {
		return this.startNanos + (long) (message * this.nanosPerMessage);
	}

	private void sendLoop() {
		this.timerSlackNanos = TimerSlack.setForCallingThread(1);
		long next = 0;
		while (this.running) {
			long now = System.nanoTime();
			if (!this.sending) {
				// a drain: the schedule stops for good
				LockSupport.parkNanos(1_000_000);
				continue;
			}
			long due = intendedNanos(next);
			if (due > now) {
				LockSupport.parkNanos(due - now);
				continue;
			}
			// everything due by now, late or not: a late sender sends a burst, and the lateness is in the latency
			while (due <= now && this.sending) {
				Connection c = this.connections.get((int) (next % this.connectionCount));
				if (!c.failed) {
					c.sendTimes.lazySet((int) (c.scheduled % RING), now);
					c.scheduled++;
					this.lag.recordValue(now - due);
				}
				next++;
				due = intendedNanos(next);
			}
			this.sent = next;
			for (Connection c : this.connections) {
				write(c);
			}
		}
	}

	/** Writes what the socket takes of the connection's scheduled bytes; the rest on the sender's next turn. */
	private void write(Connection c) {
		if (c.failed) {
			return;
		}
		long end = c.scheduled * this.messageSize;
		long written = c.written;
		try {
			while (written < end) {
				int offset = (int) ((written + c.base) % LoadGenerator.PERIOD);
				int length = (int) Math.min(end - written, LoadGenerator.PERIOD);
				this.writeView.limit(offset + length).position(offset);
				int n = c.channel.write(this.writeView);
				written += n;
				this.bytesSent += n;
				if (this.writeView.hasRemaining()) {
					break;
				}
			}
		}
		catch (IOException ex) {
			c.failed = true;
			this.writeFailures++;
		}
		c.written = written;
	}

	private void readLoop() {
		try {
			while (this.running) {
				this.selector.select(this::handle, 100);
			}
		}
		catch (IOException ex) {
			ex.printStackTrace();
			this.failures++;
		}
	}

	private void handle(SelectionKey key) {
		Connection c = (Connection) key.attachment();
		try {
			if (key.isReadable()) {
				read(c);
			}
		}
		catch (IOException ex) {
			fail(c);
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
		long now = System.nanoTime();
		buffer.flip();
		int offset = (int) ((c.received + c.base) % LoadGenerator.PERIOD);
		this.readView.limit(offset + n).position(offset);
		// scheduled, not written: the sender counts written bytes after its write returns, maybe after the echo
		if (buffer.mismatch(this.readView) != -1 || c.received + n > c.scheduled * this.messageSize) {
			this.mismatches++;
		}
		c.received += n;
		this.bytesReceived += n;
		long done = c.received / this.messageSize;
		for (long k = c.completed; k < done; k++) {
			this.latency.recordValue(now - intendedNanos(k * this.connectionCount + c.index));
			// the slot holds message k's send time unless the sender has since scheduled RING more on this connection
			long sentAt = c.sendTimes.get((int) (k % RING));
			if (c.scheduled - k < RING && now >= sentAt) {
				this.serviceTime.recordValue(now - sentAt);
			}
		}
		if (done > c.completed) {
			this.messages += done - c.completed;
			c.completed = done;
		}
	}

	private void fail(Connection c) {
		if (!c.failed) {
			c.failed = true;
			this.failures++;
			c.key.cancel();
			LoadGenerator.reset(c.channel);
		}
	}

	/** The nominal rate, messages per second. */
	double rate() {
		return 1e9 / this.nanosPerMessage;
	}

	/** Messages scheduled so far (sent or being sent), over all connections. */
	long sent() {
		return this.sent;
	}

	/** Echoed messages so far. */
	long messages() {
		return this.messages;
	}

	long mismatches() {
		return this.mismatches;
	}

	/** Connections closed by the server or by an I/O error, on either thread. */
	long failures() {
		return this.failures + this.writeFailures;
	}

	/** The sender's timer slack as the kernel reported it, in nanoseconds; -1 if it could not be set. */
	long timerSlackNanos() {
		return this.timerSlackNanos;
	}

	long outstandingBytes() {
		return this.bytesSent - this.bytesReceived;
	}

	/** Latencies from the intended send time recorded since the last call, in nanoseconds. */
	Histogram intervalLatency() {
		return this.latency.getIntervalHistogram();
	}

	/** Latencies from the actual write recorded since the last call, in nanoseconds. */
	Histogram intervalServiceTime() {
		return this.serviceTime.getIntervalHistogram();
	}

	/** The sender's lag behind the schedule since the last call, in nanoseconds, one value per message. */
	Histogram intervalLag() {
		return this.lag.getIntervalHistogram();
	}

	/**
	 * Stops the schedule and waits until everything sent has been echoed, or the timeout.
	 * @return the bytes still missing
	 */
	long drain(Duration timeout) throws InterruptedException {
		this.sending = false;
		long deadline = System.nanoTime() + timeout.toNanos();
		Thread.sleep(5);
		while (outstandingBytes() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		return outstandingBytes();
	}

	/** Stops both threads and resets every connection. */
	@Override
	public void close() throws InterruptedException {
		this.running = false;
		if (this.sender != null) {
			LockSupport.unpark(this.sender);
			this.sender.join(5_000);
		}
		if (this.reader != null) {
			this.selector.wakeup();
			this.reader.join(5_000);
		}
		this.connections.forEach((c) -> LoadGenerator.reset(c.channel));
		if (this.selector != null) {
			try {
				this.selector.close();
			}
			catch (IOException ex) {
				// nothing to do
			}
		}
	}

	/**
	 * One connection. {@code scheduled} is written by the sender and read by both, {@code failed} written and read by
	 * both; {@code written} is the sender's only, {@code received} and {@code completed} the reader's only.
	 */
	private static final class Connection {

		final SocketChannel channel;

		final int base;

		final int index;

		final AtomicLongArray sendTimes = new AtomicLongArray(RING);

		SelectionKey key;

		volatile long scheduled;

		long written;

		volatile boolean failed;

		long received;

		long completed;

		Connection(SocketChannel channel, int base, int index) {
			this.channel = channel;
			this.base = base;
			this.index = index;
		}

	}

}
