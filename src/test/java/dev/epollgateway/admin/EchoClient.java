package dev.epollgateway.admin;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A blocking TCP client of the echo engine for tests: sends bytes and reads back exactly as many, checking every
 * byte. Reads time out (a test fails rather than hangs); nothing is asserted about how long anything took.
 */
public final class EchoClient implements AutoCloseable {

	private final Socket socket;

	private EchoClient(Socket socket) {
		this.socket = socket;
	}

	/** Connects to the engine on loopback. */
	public static EchoClient connect(int port) throws IOException {
		return connectFrom(null, port);
	}

	/**
	 * Connects to the engine on loopback from a given local address, for example {@code 127.0.0.2}, so that a
	 * {@code remote} filter can pick this client out of all others.
	 */
	public static EchoClient connectFrom(String localAddress, int port) throws IOException {
		Socket socket = new Socket();
		if (localAddress != null) {
			socket.bind(new InetSocketAddress(localAddress, 0));
		}
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout(20_000);
		socket.setTcpNoDelay(true);
		return new EchoClient(socket);
	}

	/** Random bytes of a length. */
	public static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	/** Sends the bytes and reads the echo; returns what came back, which the caller compares. */
	public byte[] echo(byte[] message) throws IOException {
		this.socket.getOutputStream().write(message);
		this.socket.getOutputStream().flush();
		return readExactly(message.length);
	}

	/** Sends random bytes and checks the echo byte for byte. */
	public void echoAndCheck(int length) throws IOException {
		byte[] message = randomBytes(length);
		byte[] echoed = echo(message);
		if (!Arrays.equals(message, echoed)) {
			throw new AssertionError("The echo of " + length + " bytes differs from what was sent");
		}
	}

	/** Reads exactly that many bytes. */
	public byte[] readExactly(int length) throws IOException {
		byte[] bytes = new byte[length];
		InputStream in = this.socket.getInputStream();
		int done = 0;
		while (done < length) {
			int n = in.read(bytes, done, length - done);
			if (n < 0) {
				throw new EOFException("EOF after " + done + " of " + length + " bytes");
			}
			done += n;
		}
		return bytes;
	}

	/** Reads once: -1 at EOF; throws {@link java.net.SocketException} on a reset. */
	public int readOnce() throws IOException {
		return this.socket.getInputStream().read(new byte[1024]);
	}

	/** The local (client-side) port, which the engine sees as the remote port. */
	public int localPort() {
		return this.socket.getLocalPort();
	}

	public Socket socket() {
		return this.socket;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
