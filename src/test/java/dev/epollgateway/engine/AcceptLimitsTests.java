package dev.epollgateway.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.epollgateway.engine.query.ConnectionInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The accept path under limits: {@code max-connections} closes and counts the excess while the rest keep echoing;
 * running out of file descriptors ({@code EMFILE}, in a child JVM with a low {@code ulimit -n}) sheds load without
 * spinning and recovers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AcceptLimitsTests {

	private static final int KIB = 1024;

	/** The child's open-files limit: its JVM needs a few dozen, the rest is for connections. */
	private static final int CHILD_OPEN_FILES = 256;

	@ParameterizedTest
	@EnumSource(TriggerMode.class)
	void excessConnectionsAreClosedAndCountedWhileTheRestKeepEchoing(TriggerMode mode) throws Exception {
		int max = 10;
		int excess = 5;
		try (RunningEngine running = RunningEngine.start(RunningEngine.config(mode).withMaxConnections(max));
				EchoClients admitted = EchoClients.connect(running.address(), max);
				EchoClients refused = new EchoClients()) {
			admitted.roundTripEach(100);
			for (int i = 0; i < excess; i++) {
				// Closed at once (EOF or reset, either is a refusal), without an echo.
				refused.add(EchoClient.connect(running.address())).awaitServerClose(Duration.ofSeconds(10));
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				EngineStatistics.Connections connections = running.statistics().connections();
				assertThat(connections.rejected()).containsEntry(RejectReason.MAX_CONNECTIONS, (long) excess);
				assertThat(connections.accepted()).isEqualTo(max);
				assertThat(connections.active()).isEqualTo(max);
			});
			for (EchoClient client : admitted) {
				client.stream(256 * KIB, 32 * KIB, Duration.ofSeconds(30));
			}

			// A freed slot admits the next client.
			EchoClient leaving = admitted.get(0);
			leaving.shutdownOutput();
			leaving.expectEof(Duration.ofSeconds(10));
			leaving.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == max - 1);
			EchoClient next = admitted.add(EchoClient.connect(running.address()));
			next.stream(256 * KIB, 32 * KIB, Duration.ofSeconds(30));
			assertThat(running.statistics().connections().rejected())
				.containsEntry(RejectReason.MAX_CONNECTIONS, (long) excess);
		}
	}

	@ParameterizedTest
	@EnumSource(TriggerMode.class)
	void maxConnectionsIsOneLimitOverTwoLoops(TriggerMode mode) throws Exception {
		int max = 10;
		int clients = 16;
		EngineConfig config = RunningEngine.config(mode).withLoops(2).withMaxConnections(max);
		try (RunningEngine running = RunningEngine.start(config);
				EchoClients connected = EchoClients.connect(running.address(), clients)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				EngineStatistics.Connections connections = running.statistics().connections();
				assertThat(connections.rejected())
					.containsEntry(RejectReason.MAX_CONNECTIONS, (long) (clients - max));
				assertThat(connections.active()).isEqualTo(max);
			});
			List<Integer> ports = running.connections().stream().map(ConnectionInfo::remotePort).toList();
			assertThat(ports).hasSize(max);
			for (EchoClient client : connected) {
				if (ports.contains(client.localPort())) {
					client.stream(64 * KIB, 16 * KIB, Duration.ofSeconds(30));
				}
				else {
					client.awaitServerClose(Duration.ofSeconds(10));
				}
			}
		}
	}

	@ParameterizedTest
	@EnumSource(TriggerMode.class)
	void pausedAcceptingLeavesNewClientsWaitingUntilResumedWhileOthersKeepEchoing(TriggerMode mode) throws Exception {
		try (RunningEngine running = RunningEngine.start(mode);
				EchoClient before = EchoClient.connect(running.address())) {
			before.roundTrip(100);
			running.engine().pauseAccepting().get(5, TimeUnit.SECONDS);
			assertThat(running.engine().state()).isEqualTo(EngineState.PAUSED);

			// The kernel still completes the handshake into the backlog; the engine does not take the connection.
			try (EchoClient waiting = EchoClient.connect(running.address())) {
				waiting.write(1_000);
				before.stream(256 * KIB, 32 * KIB, Duration.ofSeconds(30));
				Thread.sleep(300);
				assertThat(running.engine().activeConnections()).isEqualTo(1);
				assertThat(running.statistics().connections().accepted()).isEqualTo(1);

				running.engine().resumeAccepting().get(5, TimeUnit.SECONDS);
				assertThat(running.engine().state()).isEqualTo(EngineState.RUNNING);
				waiting.readAndVerify(1_000, Duration.ofSeconds(10));
				waiting.stream(256 * KIB, 32 * KIB, Duration.ofSeconds(30));
				assertThat(running.engine().activeConnections()).isEqualTo(2);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(TriggerMode.class)
	void underALowOpenFilesLimitTheEngineShedsDoesNotSpinAndRecovers(TriggerMode mode) throws Exception {
		try (ChildEngine child = ChildEngine.start(CHILD_OPEN_FILES, mode)) {
			floodShedHoldAndRecover(child, mode + "", 1);
		}
	}

	/**
	 * The reserve fd is freed for a moment while shedding; another thread of the process that opens an fd just then
	 * must not leave the engine unable to shed for good. Such threads are everywhere: the service's file-descriptor
	 * metrics list {@code /proc/self/fd}, and the JVM itself reads its cgroup files ({@code memory.stat},
	 * {@code memory.limit_in_bytes}) from time to time, as strace shows in the child of the test above.
	 */
	@Test
	void shedsAtTheLimitEvenWhileAnotherThreadKeepsOpeningFiles() throws Exception {
		try (ChildEngine child = ChildEngine.startWithFdChurn(CHILD_OPEN_FILES, TriggerMode.LEVEL)) {
			// The race is short: flood again and again at the limit to meet it.
			floodShedHoldAndRecover(child, "LEVEL with fd churn", 10);
		}
	}

	/**
	 * Floods the child with twice its fd limit in connections and holds them: every one is accepted or shed, the
	 * loop does not spin, later floods at the limit are shed in full too; then, the flood gone, a new client echoes
	 * byte-exact.
	 */
	private static void floodShedHoldAndRecover(ChildEngine child, String label, int floods) throws Exception {
		int flood = 2 * CHILD_OPEN_FILES;
		assertThat(child.fdsAtStart()).as("fds the child needs before any connection")
			.isLessThan(CHILD_OPEN_FILES / 2);
		InetSocketAddress address = child.address();
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < flood; i++) {
				Socket socket = new Socket();
				held.add(socket);
				socket.connect(address, 5_000);
			}
			// The flood is processed: each connection accepted or shed, none left waiting in the backlog.
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				Map<String, Long> stats = child.stats();
				assertThat(stats.get("fdLimit")).as("rejected{FD_LIMIT} %s", stats).isPositive();
				assertThat(stats.get("fdLimit") + stats.get("accepted"))
					.as("flood connections accepted or shed: %s", stats)
					.isEqualTo(flood);
			});
			Map<String, Long> before = child.stats();
			assertThat(before.get("active")).as("connections held at the limit").isPositive();
			System.out.printf("fd limit %d, %s: child started with %d fds; flood of %d: %s%n", CHILD_OPEN_FILES,
					label, child.fdsAtStart(), flood, before);

			// Held at the limit: no spin.
			Thread.sleep(2_000);
			Map<String, Long> after = child.stats();
			assertThat(after.get("iterations") - before.get("iterations"))
				.as("loop iterations over 2 s with the flood held at the fd limit").isLessThan(100);

			// Still shedding when more arrive at the limit, flood after flood.
			for (int round = 1; round < floods; round++) {
				for (int i = 0; i < CHILD_OPEN_FILES; i++) {
					Socket socket = new Socket();
					held.add(socket);
					socket.connect(address, 5_000);
				}
				int opened = held.size();
				int at = round;
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
					Map<String, Long> stats = child.stats();
					assertThat(stats.get("fdLimit") + stats.get("accepted"))
						.as("connections accepted or shed after flood %d at the limit: %s", at + 1, stats)
						.isEqualTo(opened);
				});
			}
			try (Socket late = new Socket()) {
				late.connect(address, 5_000);
				late.setSoTimeout(10_000);
				assertThat(readEofOrReset(late)).as("a connection beyond the fd limit is shed").isTrue();
			}
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}

		// Recovery: the flood is gone, a new client echoes byte-exact.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(child.stats().get("active")).isZero());
		try (EchoClient client = EchoClient.connect(address)) {
			client.stream(1024 * KIB, 64 * KIB, Duration.ofSeconds(30));
			client.shutdownOutput();
			client.expectEof(Duration.ofSeconds(10));
		}
		assertThat(child.stop()).as("child exit code; stderr: %s", child.stderr()).isZero();
	}

	/** Whether the server closed the connection (EOF or reset) rather than sending anything. */
	private static boolean readEofOrReset(Socket socket) throws IOException {
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (SocketException ex) {
			return true;
		}
	}

}
