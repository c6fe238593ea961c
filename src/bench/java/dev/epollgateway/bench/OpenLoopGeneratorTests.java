package dev.epollgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The open-loop generator against a thread-per-connection echo server on loopback that can be stalled or made to
 * corrupt a byte. Runs with {@code ./mvnw -Pbench test -Dtest=OpenLoopGeneratorTests} (bench sources only).
 */
class OpenLoopGeneratorTests {

	private ServerSocket listener;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private volatile boolean stalled;

	private volatile boolean corrupt;

	@BeforeEach
	void startEchoServer() throws IOException {
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					Socket socket = this.listener.accept();
					this.accepted.add(socket);
					Thread echo = new Thread(() -> echo(socket), "echo");
					echo.setDaemon(true);
					echo.start();
				}
			}
			catch (IOException ex) {
				// closed by the test
			}
		}, "acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void echo(Socket socket) {
		byte[] buffer = new byte[4096];
		try (InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				while (this.stalled) {
					Thread.sleep(1);
				}
				if (this.corrupt) {
					buffer[0] ^= 1;
					this.corrupt = false;
				}
				out.write(buffer, 0, n);
			}
		}
		catch (IOException | InterruptedException ex) {
			// the generator closed the connection
		}
	}

	@AfterEach
	void stopEchoServer() throws IOException {
		this.listener.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	@Test
	void keepsItsScheduleAndEchoesEveryByte() throws Exception {
		try (OpenLoopGenerator generator = generator(5_000)) {
			start(generator);
			generator.intervalLatency();
			generator.intervalLag();
			long sent = generator.sent();
			long start = System.nanoTime();
			Thread.sleep(1_000);
			double rate = (generator.sent() - sent) / ((System.nanoTime() - start) / 1e9);
			Histogram lag = generator.intervalLag();
			assertThat(rate).isBetween(4_900.0, 5_100.0);
			assertThat(lag.getValueAtPercentile(50)).isLessThan(Duration.ofMillis(1).toNanos());
			assertThat(generator.drain(Duration.ofSeconds(5))).isZero();
			assertThat(generator.messages()).isEqualTo(generator.sent());
			assertThat(generator.mismatches()).isZero();
			assertThat(generator.failures()).isZero();
		}
	}

	@Test
	void timesAStallFromTheIntendedSendTimeOfEveryMessageDueDuringIt() throws Exception {
		try (OpenLoopGenerator generator = generator(2_000)) {
			start(generator);
			generator.intervalLatency();
			this.stalled = true;
			Thread.sleep(200);
			this.stalled = false;
			Thread.sleep(300);
			Histogram latency = generator.intervalLatency();
			// 2,000 msgs/s: some 400 messages were due during the 200 ms stall, and each waited for its end; a
			// closed loop would have sent only the 4 in flight, and timed 4 slow messages
			long slow = latency.getCountBetweenValues(Duration.ofMillis(50).toNanos(), latency.getMaxValue());
			assertThat(slow).isGreaterThan(250);
			assertThat(latency.getMaxValue()).isGreaterThan(Duration.ofMillis(180).toNanos());
			assertThat(generator.drain(Duration.ofSeconds(5))).isZero();
			assertThat(generator.mismatches()).isZero();
		}
	}

	@Test
	void countsAnEchoedByteThatDiffersFromTheSentStream() throws Exception {
		try (OpenLoopGenerator generator = generator(1_000)) {
			start(generator);
			this.corrupt = true;
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (generator.mismatches() == 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			Thread.sleep(200);
			assertThat(this.corrupt).isFalse();
			assertThat(generator.mismatches()).isEqualTo(1);
			assertThat(generator.drain(Duration.ofSeconds(5))).isZero();
		}
	}

	/** Starts the generator and waits until its echoes flow and 200 ms more (JIT, first connections). */
	private static void start(OpenLoopGenerator generator) throws Exception {
		generator.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (generator.messages() < 100 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(generator.messages()).isGreaterThanOrEqualTo(100);
		Thread.sleep(200);
	}

	private OpenLoopGenerator generator(double rate) {
		return new OpenLoopGenerator(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort()),
				4, 64, rate);
	}

}
