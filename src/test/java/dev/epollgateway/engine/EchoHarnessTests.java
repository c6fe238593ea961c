package dev.epollgateway.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Proves the client harness itself: against a plain Java echo server it passes, and against one that loses,
 * duplicates or reorders a single byte, or never answers, it fails. Without this, a green engine suite could mean a
 * blind harness.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoHarnessTests {

	@Test
	void patternFillAndCheckAgreeAtEveryAlignment() {
		BytePattern pattern = new BytePattern(42);
		byte[] bytes = new byte[100];
		for (int offset = 0; offset < 16; offset++) {
			pattern.fill(offset, bytes, 3, 90);
			for (int i = 0; i < 90; i++) {
				assertThat(bytes[3 + i]).isEqualTo(pattern.at(offset + i));
			}
			assertThat(pattern.firstMismatch(offset, bytes, 3, 90)).isEqualTo(-1);
			assertThat(pattern.firstMismatch(offset + 1, bytes, 3, 90)).isNotEqualTo(-1);
		}
		assertThat(new BytePattern(43).firstMismatch(0, bytes, 3, 90)).isNotEqualTo(-1);
	}

	@Test
	void clientPassesAgainstACorrectEchoServer() throws Exception {
		try (TestEchoServer server = new TestEchoServer(Fault.NONE);
				EchoClient client = EchoClient.connect(server.address())) {
			client.stream(4 * 1024 * 1024, 64 * 1024, Duration.ofSeconds(20));
			client.shutdownOutput();
			client.expectEof(Duration.ofSeconds(5));
		}
	}

	@Test
	void clientDetectsALostByte() throws Exception {
		assertClientFails(Fault.DROP, "expected 0x");
	}

	@Test
	void clientDetectsADuplicatedByte() throws Exception {
		assertClientFails(Fault.DUPLICATE, "expected 0x");
	}

	@Test
	void clientDetectsSwappedBytes() throws Exception {
		assertClientFails(Fault.SWAP, "expected 0x");
	}

	@Test
	void clientDetectsAStrandedTail() throws Exception {
		assertClientFails(Fault.HOLD_TAIL, "timed out");
	}

	@Test
	void clientDetectsExtraBytesBeforeEof() throws Exception {
		try (TestEchoServer server = new TestEchoServer(Fault.EXTRA_AFTER_EOF);
				EchoClient client = EchoClient.connect(server.address())) {
			client.stream(1000, 1000, Duration.ofSeconds(5));
			client.shutdownOutput();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.expectEof(Duration.ofSeconds(5)))
				.withMessageContaining("unexpected byte");
		}
	}

	@Test
	void swarmPassesAgainstACorrectEchoServerAndFailsAgainstAFaultyOne() throws Exception {
		try (TestEchoServer server = new TestEchoServer(Fault.NONE);
				EchoSwarm swarm = EchoSwarm.start(server.address(), 16, 300_000, 32 * 1024)) {
			swarm.awaitConnected(Duration.ofSeconds(5));
			swarm.awaitFinished(Duration.ofSeconds(20));
			assertThat(swarm.echoed()).containsOnly(300_000L);
		}
		try (TestEchoServer server = new TestEchoServer(Fault.DROP);
				EchoSwarm swarm = EchoSwarm.start(server.address(), 4, 300_000, 32 * 1024)) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> swarm.awaitFinished(Duration.ofSeconds(3)));
		}
	}

	private static void assertClientFails(Fault fault, String message) throws Exception {
		try (TestEchoServer server = new TestEchoServer(fault);
				EchoClient client = EchoClient.connect(server.address())) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> client.stream(200_000, 8 * 1024, Duration.ofSeconds(2)))
				.withMessageContaining(message);
		}
	}

	/** What the test server does wrong, once, around byte 100 000. */
	enum Fault {

		NONE, DROP, DUPLICATE, SWAP, HOLD_TAIL, EXTRA_AFTER_EOF

	}

	/** A thread-per-connection blocking echo server with one injected fault. */
	static final class TestEchoServer implements AutoCloseable {

		private static final long FAULT_AT = 100_000;

		private final ServerSocket server;

		private final Fault fault;

		TestEchoServer(Fault fault) throws IOException {
			this.fault = fault;
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::acceptLoop, "test-echo-acceptor");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		InetSocketAddress address() {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.getLocalPort());
		}

		private void acceptLoop() {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					Thread echo = new Thread(() -> echo(socket), "test-echo");
					echo.setDaemon(true);
					echo.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void echo(Socket socket) {
			try (socket) {
				InputStream in = new BufferedInputStream(socket.getInputStream());
				OutputStream out = new BufferedOutputStream(socket.getOutputStream());
				long position = 0;
				int read;
				while ((read = in.read()) >= 0) {
					boolean atFault = position == FAULT_AT;
					position++;
					if (atFault && this.fault == Fault.DROP) {
						continue;
					}
					if (atFault && this.fault == Fault.HOLD_TAIL) {
						break;
					}
					if (atFault && this.fault == Fault.SWAP) {
						int next = in.read();
						position++;
						out.write(next);
					}
					out.write(read);
					if (atFault && this.fault == Fault.DUPLICATE) {
						out.write(read);
					}
					if (in.available() == 0) {
						out.flush();
					}
				}
				if (this.fault == Fault.HOLD_TAIL) {
					Thread.sleep(10_000);
				}
				if (this.fault == Fault.EXTRA_AFTER_EOF) {
					out.write(7);
				}
				out.flush();
			}
			catch (IOException | InterruptedException ex) {
				// The client went away; the test decides what that means.
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
