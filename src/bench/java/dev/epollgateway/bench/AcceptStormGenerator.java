package dev.epollgateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The accept storm's load: {@code connectors} threads, each connecting, sending one {@value #MESSAGE_BYTES}-byte
 * message, reading its echo back and comparing it byte for byte, and closing, over and over as fast as it can. The
 * close sends an RST ({@code SO_LINGER 0}): no TIME_WAIT on either side, so some 28,000 ephemeral ports last for any
 * number of connections. The message differs per connection (its first bytes are the connection's number), so an echo
 * of another connection's bytes is a mismatch too.
 * <p>
 * Latency: from just before {@code connect} to the first echoed bytes read (the whole echo, nearly always: 64 bytes
 * come back in one segment), in an HdrHistogram {@link Recorder} read per window.
 * <p>
 * Threading: the connector threads write only thread-safe counters and the recorder; {@link #start} and
 * {@link #close} from the control thread.
 */
final class AcceptStormGenerator implements AutoCloseable {

	static final int MESSAGE_BYTES = 64;

	/** How long a connector waits for a connect or an echo before it counts the connection failed. */
	static final int TIMEOUT_MS = 5000;

	private final InetSocketAddress address;

	private final int connectors;

	private final Recorder latency = new Recorder(3);

	private final LongAdder completed = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder bytesEchoed = new LongAdder();

	private final LongAdder lostBytes = new LongAdder();

	private final LongAdder mismatches = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	AcceptStormGenerator(InetSocketAddress address, int connectors) {
		this.address = address;
		this.connectors = connectors;
	}

	void start() {
		this.running = true;
		for (int i = 0; i < this.connectors; i++) {
			int connector = i;
			Thread thread = new Thread(() -> connectLoop(connector), "load-generator-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void connectLoop(int connector) {
		byte[] message = new byte[MESSAGE_BYTES];
		byte[] echo = new byte[MESSAGE_BYTES];
		long sequence = 0;
		while (this.running) {
			fill(message, connector, sequence++);
			once(message, echo);
		}
	}

	/** One connection: connect, send, read the echo back, compare, reset. */
	private void once(byte[] message, byte[] echo) {
		long begin = System.nanoTime();
		int received = 0;
		boolean sent = false;
		try (Socket socket = new Socket()) {
			socket.setTcpNoDelay(true);
			socket.setSoLinger(true, 0);
			socket.setSoTimeout(TIMEOUT_MS);
			socket.connect(this.address, TIMEOUT_MS);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write(message);
			sent = true;
			this.bytesSent.add(MESSAGE_BYTES);
			while (received < MESSAGE_BYTES) {
				int n = in.read(echo, received, MESSAGE_BYTES - received);
				if (n < 0) {
					break;
				}
				if (received == 0) {
					this.latency.recordValue(System.nanoTime() - begin);
				}
				received += n;
			}
		}
		catch (IOException ex) {
			this.failures.increment();
		}
		this.bytesEchoed.add(received);
		if (sent) {
			this.lostBytes.add(MESSAGE_BYTES - received);
			if (received == MESSAGE_BYTES) {
				this.completed.increment();
			}
			this.mismatches.add(mismatchedBytes(message, echo, received));
		}
	}

	/** A message no other connection sends: the connector and its sequence number, then a pattern of both. */
	static void fill(byte[] message, int connector, long sequence) {
		for (int i = 0; i < message.length; i++) {
			message[i] = (byte) ((i < 8) ? (sequence >>> (8 * i)) : (connector * 31 + sequence * 7 + i));
		}
		message[8] = (byte) connector;
	}

	/** Bytes of the first {@code received} that differ from what was sent. */
	static int mismatchedBytes(byte[] sent, byte[] echo, int received) {
		int differing = 0;
		for (int i = 0; i < received; i++) {
			if (sent[i] != echo[i]) {
				differing++;
			}
		}
		return differing;
	}

	/** Connections whose echo came back whole. */
	long completed() {
		return this.completed.sum();
	}

	long bytesSent() {
		return this.bytesSent.sum();
	}

	long bytesEchoed() {
		return this.bytesEchoed.sum();
	}

	/** Bytes sent whose echo never came (the connection ended or timed out first). */
	long lostBytes() {
		return this.lostBytes.sum();
	}

	/** Echoed bytes that differ from the bytes sent. */
	long mismatches() {
		return this.mismatches.sum();
	}

	/** Connections that failed (connect refused or timed out, reset, or no echo in time). */
	long failures() {
		return this.failures.sum();
	}

	/** Connect-to-first-echo latencies since the last call, in nanoseconds. */
	Histogram intervalHistogram() {
		return this.latency.getIntervalHistogram();
	}

	/** Stops the connectors and waits for each to finish its connection (a bounded wait: the timeouts above). */
	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(2L * TIMEOUT_MS + 1000);
		}
	}

}
