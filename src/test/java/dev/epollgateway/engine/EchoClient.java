package dev.epollgateway.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.epollgateway.engine.query.ConnectionInfo;

/**
 * One blocking TCP client of the echo engine that sends a {@link BytePattern} and checks every echoed byte in order.
 * Writing happens on a writer thread of its own ({@link #startWriting}), reading on the caller's thread, so a stream
 * larger than every socket buffer is sent and read concurrently, as a real peer would.
 * <p>
 * Threading: at most one writer and one reader at a time. Every read is bounded by a deadline, so a stranded byte
 * fails the test instead of hanging it.
 */
final class EchoClient implements AutoCloseable {

	private static final AtomicLong SEEDS = new AtomicLong(0x5EED);

	private static final Duration READ_POLL = Duration.ofMillis(250);

	/** {@link #readOnce} found the end of the stream. */
	private static final int EOF = -1;

	/** {@link #readOnce} found the connection reset. */
	private static final int RESET = -2;

	private final Socket socket;

	private final BytePattern pattern;

	private final String name;

	private final InputStream in;

	private final OutputStream out;

	private final byte[] readBuffer = new byte[64 * 1024];

	private final AtomicLong sent = new AtomicLong();

	/** Bytes handed to a write that may not have returned yet: the echo of a write can beat its return. */
	private final AtomicLong writing = new AtomicLong();

	private volatile long received;

	private EchoClient(Socket socket) throws IOException {
		this.socket = socket;
		this.pattern = new BytePattern(SEEDS.getAndIncrement());
		this.name = "client :" + socket.getLocalPort();
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/** Connects to the engine (bounded), with {@code TCP_NODELAY}. */
	static EchoClient connect(InetSocketAddress address) throws IOException {
		return connect(address, (socket) -> {
		});
	}

	/** Connects after configuring the unconnected socket (for example its receive buffer). */
	static EchoClient connect(InetSocketAddress address, Consumer<Socket> beforeConnect) throws IOException {
		Socket socket = new Socket();
		try {
			beforeConnect.accept(socket);
			socket.connect(address, 5_000);
			socket.setTcpNoDelay(true);
			socket.setSoTimeout((int) READ_POLL.toMillis());
			return new EchoClient(socket);
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * A fixed, small receive window for {@link #connect(InetSocketAddress, Consumer)}: a client that does not read
	 * then makes the engine's backlog grow soon after the kernel's buffers fill.
	 */
	static Consumer<Socket> receiveBuffer(int bytes) {
		return (socket) -> {
			try {
				socket.setReceiveBufferSize(bytes);
			}
			catch (SocketException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	/** The client's local port: the engine's {@link ConnectionInfo#remotePort()}. */
	int localPort() {
		return this.socket.getLocalPort();
	}

	/** Bytes written so far. */
	long sent() {
		return this.sent.get();
	}

	/** Bytes read back and verified so far. */
	long received() {
		return this.received;
	}

	/**
	 * Writes {@code n} bytes and reads them back; only for amounts the socket buffers hold without a reader
	 * running concurrently.
	 */
	void roundTrip(int n) throws IOException {
		if (n > 64 * 1024) {
			throw new IllegalArgumentException("use stream() for more than 64 KiB");
		}
		write(n);
		readAndVerify(n, Duration.ofSeconds(10));
	}

	/** Writes the next {@code n} bytes of the pattern on this thread, in one write. */
	void write(int n) throws IOException {
		byte[] chunk = new byte[n];
		this.pattern.fill(this.sent.get(), chunk, 0, n);
		this.writing.addAndGet(n);
		this.out.write(chunk);
		this.out.flush();
		this.sent.addAndGet(n);
	}

	/**
	 * Streams {@code n} bytes from a writer thread in seeded random chunks of at most {@code maxChunk} bytes (one
	 * single write when {@code maxChunk >= n}) while this thread reads and verifies the echo; returns once all
	 * {@code n} bytes came back.
	 */
	void stream(long n, int maxChunk, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		CompletableFuture<Void> writer = startWriting(n, maxChunk);
		try {
			readAndVerify(n, timeout);
			writer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (AssertionError ex) {
			if (writer.isCompletedExceptionally()) {
				writer.exceptionally((failure) -> {
					ex.addSuppressed(failure);
					return null;
				});
			}
			throw ex;
		}
		finally {
			writer.cancel(true);
		}
	}

	/**
	 * Starts writing the next {@code n} bytes on a new thread without reading; the future completes when they are
	 * all written (it may block for as long as the peer does not read).
	 */
	CompletableFuture<Void> startWriting(long n, int maxChunk) {
		return startWriting(n, maxChunk, false);
	}

	/** Like {@link #startWriting(long, int)}, then sends FIN from the writer thread once all is written. */
	CompletableFuture<Void> startWritingThenShutdown(long n, int maxChunk) {
		return startWriting(n, maxChunk, true);
	}

	private CompletableFuture<Void> startWriting(long n, int maxChunk, boolean thenShutdown) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Thread writer = new Thread(() -> {
			try {
				writeAll(n, maxChunk);
				if (thenShutdown) {
					this.socket.shutdownOutput();
				}
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		}, "echo-writer-" + this.socket.getLocalPort());
		writer.setDaemon(true);
		writer.start();
		return done;
	}

	private void writeAll(long n, int maxChunk) throws IOException {
		Random random = new Random(this.pattern.seed());
		byte[] chunk = new byte[(int) Math.min(n, maxChunk)];
		long left = n;
		while (left > 0) {
			int size = (maxChunk >= left) ? (int) left : 1 + random.nextInt((int) Math.min(left, maxChunk));
			this.pattern.fill(this.sent.get(), chunk, 0, size);
			this.writing.addAndGet(size);
			this.out.write(chunk, 0, size);
			this.sent.addAndGet(size);
			left -= size;
		}
		this.out.flush();
	}

	/**
	 * Reads exactly {@code n} more bytes and checks each against the pattern.
	 * @throws AssertionError on a wrong byte, on EOF or a reset before {@code n} bytes, or at the deadline
	 */
	void readAndVerify(long n, Duration timeout) throws IOException {
		long target = this.received + n;
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.received < target) {
			int count = readOnce(deadline, (int) Math.min(this.readBuffer.length, target - this.received),
					"expecting " + target + " echoed bytes within " + timeout);
			if (count < 0) {
				throw new AssertionError(String.format("%s: %s after %d of %d bytes echoed (%d sent)", this.name,
						(count == EOF) ? "EOF" : "reset", this.received, target, this.sent.get()));
			}
			verify(count);
		}
	}

	/** Sends FIN ({@code shutdown(SHUT_WR)}). */
	void shutdownOutput() throws IOException {
		this.socket.shutdownOutput();
	}

	/**
	 * Expects the engine to close its side cleanly next: the read returns -1 without any further byte.
	 * @throws AssertionError on an extra byte, a reset or the deadline
	 */
	void expectEof(Duration timeout) throws IOException {
		ServerClose close = awaitServerClose(timeout);
		if (close != ServerClose.EOF) {
			throw new AssertionError(this.name + ": expected a clean EOF after " + this.received
					+ " echoed bytes but the connection was " + close);
		}
	}

	/**
	 * Waits for the engine to close the connection without sending anything more.
	 * @return whether the close came as a FIN or as a reset
	 * @throws AssertionError on an extra byte or the deadline
	 */
	ServerClose awaitServerClose(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		int count = readOnce(deadline, this.readBuffer.length, "expecting the engine to close within " + timeout);
		if (count >= 0) {
			throw new AssertionError(String.format("%s: %d unexpected byte(s) after %d echoed bytes (%d sent): "
					+ "duplicated or extra data", this.name, count, this.received, this.sent.get()));
		}
		return (count == EOF) ? ServerClose.EOF : ServerClose.RESET;
	}

	/**
	 * Reads and verifies whatever comes until the engine closes the connection, however many bytes that is.
	 * @return whether the close came as a FIN or as a reset
	 * @throws AssertionError on a wrong byte, more bytes than were sent, or the deadline
	 */
	ServerClose readUntilServerClose(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			int count = readOnce(deadline, this.readBuffer.length, "expecting the engine to close within " + timeout);
			if (count < 0) {
				return (count == EOF) ? ServerClose.EOF : ServerClose.RESET;
			}
			verify(count);
		}
	}

	/** One read of at least one byte into the read buffer: the count, {@link #EOF} or {@link #RESET}. */
	private int readOnce(long deadline, int max, String waitingFor) throws IOException {
		while (true) {
			try {
				int count = this.in.read(this.readBuffer, 0, max);
				return (count < 0) ? EOF : count;
			}
			catch (SocketTimeoutException ex) {
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError(String.format("%s: timed out %s, with %d bytes echoed (%d sent)",
							this.name, waitingFor, this.received, this.sent.get()));
				}
			}
			catch (SocketException ex) {
				return RESET;
			}
		}
	}

	/** Checks the bytes just read against the pattern and what was sent, then counts them as received. */
	private void verify(int count) {
		if (this.received + count > this.writing.get()) {
			throw new AssertionError(String.format("%s: %d bytes echoed but only %d sent: duplicated or foreign data",
					this.name, this.received + count, this.sent.get()));
		}
		int mismatch = this.pattern.firstMismatch(this.received, this.readBuffer, 0, count);
		if (mismatch >= 0) {
			throw new AssertionError(
					this.pattern.describeMismatch(this.name, this.received + mismatch, this.readBuffer[mismatch]));
		}
		this.received += count;
	}

	/** Closes with {@code SO_LINGER} 0: the engine sees a reset. */
	void abort() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	@Override
	public String toString() {
		return this.name;
	}

	/** How the engine closed a connection, as the client saw it. */
	enum ServerClose {

		/** A FIN: read returned -1. */
		EOF,

		/** A reset: read threw. */
		RESET

	}

}
