package dev.epollgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The accept storm's generator against a thread-per-connection echo server on loopback that can be made to corrupt a
 * byte or to close before echoing. Runs with {@code ./mvnw -Pbench test -Dtest=AcceptStormGeneratorTests} (bench
 * sources only).
 */
class AcceptStormGeneratorTests {

	private ServerSocket listener;

	private Thread acceptor;

	private volatile String behaviour = "echo";

	@AfterEach
	void stop() throws Exception {
		if (this.listener != null) {
			this.listener.close();
			this.acceptor.join(5000);
		}
	}

	@Test
	void countsEveryConnectionEchoedByteExact() throws Exception {
		AcceptStormGenerator generator = run();
		assertThat(generator.completed()).isGreaterThan(20);
		assertThat(generator.bytesSent()).isEqualTo(generator.bytesEchoed());
		assertThat(generator.mismatches()).isZero();
		assertThat(generator.lostBytes()).isZero();
		assertThat(generator.failures()).isZero();
		assertThat(generator.intervalHistogram().getTotalCount()).isEqualTo(generator.completed());
	}

	@Test
	void countsACorruptedByteAsAMismatch() throws Exception {
		this.behaviour = "corrupt";
		AcceptStormGenerator generator = run();
		assertThat(generator.completed()).isPositive();
		assertThat(generator.mismatches()).isEqualTo(generator.completed());
	}

	@Test
	void countsTheMessageOfAConnectionClosedBeforeItsEchoAsLost() throws Exception {
		this.behaviour = "close";
		AcceptStormGenerator generator = run();
		assertThat(generator.completed()).isZero();
		assertThat(generator.bytesSent()).isPositive();
		assertThat(generator.lostBytes()).isEqualTo(generator.bytesSent());
	}

	@Test
	void messagesDifferBetweenConnectorsAndSequences() {
		byte[] a = new byte[AcceptStormGenerator.MESSAGE_BYTES];
		byte[] b = new byte[AcceptStormGenerator.MESSAGE_BYTES];
		byte[] c = new byte[AcceptStormGenerator.MESSAGE_BYTES];
		AcceptStormGenerator.fill(a, 0, 1);
		AcceptStormGenerator.fill(b, 1, 1);
		AcceptStormGenerator.fill(c, 0, 2);
		assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
		assertThat(AcceptStormGenerator.mismatchedBytes(a, a.clone(), a.length)).isZero();
		assertThat(AcceptStormGenerator.mismatchedBytes(a, c, a.length)).isPositive();
	}

	/** Starts the server, runs two connectors for 300 ms, stops them. */
	private AcceptStormGenerator run() throws Exception {
		this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::serve, "test-echo");
		this.acceptor.start();
		AcceptStormGenerator generator = new AcceptStormGenerator(
				new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort()), 2);
		generator.start();
		Thread.sleep(300);
		generator.close();
		return generator;
	}

	private void serve() {
		while (!this.listener.isClosed()) {
			try (Socket socket = this.listener.accept()) {
				InputStream in = socket.getInputStream();
				OutputStream out = socket.getOutputStream();
				byte[] message = in.readNBytes(AcceptStormGenerator.MESSAGE_BYTES);
				switch (this.behaviour) {
					case "corrupt" -> {
						byte[] bad = Arrays.copyOf(message, message.length);
						bad[17] ^= 1;
						out.write(bad);
					}
					case "close" -> {
						// closed with nothing echoed
						continue;
					}
					default -> out.write(message);
				}
				out.flush();
				// wait for the client's close, so that the echo is read before the socket goes
				in.read();
			}
			catch (IOException ex) {
				// the client's RST, or the listener closed by the test
			}
		}
	}

}
