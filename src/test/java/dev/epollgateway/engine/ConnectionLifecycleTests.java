package dev.epollgateway.engine;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.epollgateway.engine.query.ConnectionFilter;
import dev.epollgateway.engine.query.ConnectionInfo;
import dev.epollgateway.engine.query.KillMode;
import dev.epollgateway.engine.query.KillResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How connections end: resets, many short lives, idle timeouts and the engine's own stop, in every trigger mode.
 */
@ParameterizedClass(name = "{0} in {1}")
@MethodSource("dev.epollgateway.engine.BackendModes#valid")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionLifecycleTests {

	private static final int KIB = 1024;

	private static final int MIB = 1024 * KIB;

	private final EventSource source;

	private final TriggerMode mode;

	ConnectionLifecycleTests(EventSource source, TriggerMode mode) {
		this.source = source;
		this.mode = mode;
	}

	@Test
	void resetMidStreamClosesOnlyThatConnectionAndTheLoopGoesQuiet() throws Exception {
		try (RunningEngine running = RunningEngine.start(this.source, this.mode);
				EchoClient victim = EchoClient.connect(running.address());
				EchoClient bystander = EchoClient.connect(running.address())) {
			long victimId = running.connectionOf(victim).id();
			long bystanderId = running.connectionOf(bystander).id();
			bystander.roundTrip(1_000);

			victim.startWriting(64L * MIB, 64 * KIB);
			victim.readAndVerify(MIB, Duration.ofSeconds(10));
			victim.abort();

			await().atMost(Duration.ofSeconds(10)).until(() -> running.connection(victimId).isEmpty());
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
					running.statistics().connections().closed()).containsEntry(CloseReason.RESET, 1L));
			assertThat(running.connection(bystanderId)).isPresent();
			assertThat(running.engine().activeConnections()).isEqualTo(1);
			bystander.stream(MIB, 64 * KIB, Duration.ofSeconds(30));

			assertThat(running.loopIterationsOver(Duration.ofSeconds(1))).as("loop iterations over 1 s of idleness")
				.isLessThan(20);
			assertThat(running.connection(bystanderId)).isPresent();
			bystander.shutdownOutput();
			bystander.expectEof(Duration.ofSeconds(10));
		}
	}

	@Test
	void halfClosedPeerWithAPendingBacklogDoesNotSpinAndGetsEveryByte() throws Exception {
		long size = 16L * MIB;
		EngineConfig config = RunningEngine.config(this.source, this.mode).withBuffers(64 * KIB, 32 * MIB, MIB);
		try (RunningEngine running = RunningEngine.start(config);
				EchoClient client = EchoClient.connect(running.address(), EchoClient.receiveBuffer(64 * KIB))) {
			long id = running.connectionOf(client).id();
			client.startWritingThenShutdown(size, 256 * KIB).get(30, TimeUnit.SECONDS);
			// Input ended (EOF read) while a backlog waits for a client that does not read yet.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(running.connection(id))
				.hasValueSatisfying((info) -> {
					assertThat(info.bytesIn()).isEqualTo(size);
					assertThat(info.writeBacklogBytes()).isGreaterThan(MIB);
					assertThat(info.state()).isEqualTo(ConnectionInfo.State.HALF_CLOSED);
				}));
			// A level-triggered EPOLLIN/EPOLLRDHUP left registered after EOF would spin here.
			assertThat(running.loopIterationsOver(Duration.ofSeconds(1)))
				.as("loop iterations over 1 s with a half-closed peer and a pending backlog").isLessThan(20);
			client.readAndVerify(size, Duration.ofSeconds(30));
			client.expectEof(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
					running.statistics().connections().closed()).containsEntry(CloseReason.PEER_CLOSED, 1L));
		}
	}

	@Test
	void gracefulKillEchoesWhatArrivedThenSendsFinAndSparesOthers() throws Exception {
		try (RunningEngine running = RunningEngine.start(this.source, this.mode);
				EchoClient victim = EchoClient.connect(running.address());
				EchoClient bystander = EchoClient.connect(running.address())) {
			long victimId = running.connectionOf(victim).id();
			running.connectionOf(bystander);
			victim.write(10_000);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(running.connection(victimId))
				.hasValueSatisfying((info) -> assertThat(info.bytesIn()).isEqualTo(10_000)));

			assertThat(RunningEngine.join(running.engine().kill(victimId, KillMode.GRACEFUL))).isTrue();
			victim.readAndVerify(10_000, Duration.ofSeconds(10));
			victim.expectEof(Duration.ofSeconds(10));
			victim.close();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(running.connection(victimId)).isEmpty();
				assertThat(running.statistics().connections().closed()).containsEntry(CloseReason.KILLED, 1L);
			});
			assertThat(RunningEngine.join(running.engine().kill(victimId, KillMode.GRACEFUL))).isFalse();
			bystander.stream(MIB, 64 * KIB, Duration.ofSeconds(30));
		}
	}

	/**
	 * A graceful kill flushes, sends FIN and waits for the peer, but not forever: a peer that never reads is closed
	 * once the drain timeout has passed ({@link KillMode#GRACEFUL}: "then close once the peer closes too or the drain
	 * deadline passes"), otherwise an operator's kill of a stuck client would never take effect.
	 */
	@Test
	void gracefulKillOfAPeerThatNeverReadsEndsAfterTheDrainTimeout() throws Exception {
		EngineConfig config = RunningEngine.config(this.source, this.mode)
			.withTimeouts(Duration.ZERO, Duration.ofSeconds(1));
		try (RunningEngine running = RunningEngine.start(config);
				EchoClient neverReads = EchoClient.connect(running.address(), EchoClient.receiveBuffer(64 * KIB))) {
			long id = running.connectionOf(neverReads).id();
			neverReads.startWriting(64L * MIB, 256 * KIB);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(running.connection(id))
				.hasValueSatisfying((info) -> assertThat(info.readingPaused()).isTrue()));

			assertThat(RunningEngine.join(running.engine().kill(id, KillMode.GRACEFUL))).isTrue();
			// Bounded at five times the 1 s drain timeout.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(running.connection(id)).isEmpty();
				assertThat(running.statistics().connections().closed()).containsEntry(CloseReason.KILLED, 1L);
			});
		}
	}

	@Test
	void abortKillResetsTheConnectionAndSparesOthers() throws Exception {
		try (RunningEngine running = RunningEngine.start(this.source, this.mode);
				EchoClient victim = EchoClient.connect(running.address());
				EchoClient bystander = EchoClient.connect(running.address())) {
			long victimId = running.connectionOf(victim).id();
			running.connectionOf(bystander);
			victim.roundTrip(100);

			assertThat(RunningEngine.join(running.engine().kill(victimId, KillMode.ABORT))).isTrue();
			assertThat(victim.awaitServerClose(Duration.ofSeconds(10))).isEqualTo(EchoClient.ServerClose.RESET);
			assertThat(running.connection(victimId)).isEmpty();
			assertThat(running.statistics().connections().closed()).containsEntry(CloseReason.KILLED, 1L);
			bystander.stream(MIB, 64 * KIB, Duration.ofSeconds(30));
			assertThat(running.engine().activeConnections()).isEqualTo(1);
		}
	}

	@Test
	void killByFilterWithAMaximumTakesTheOldestConnectionsFirst() throws Exception {
		try (RunningEngine running = RunningEngine.start(RunningEngine.config(this.source, this.mode).withLoops(1));
				EchoClients clients = EchoClients.connect(running.address(), 6)) {
			clients.roundTripEach(100);
			List<Long> ids = new ArrayList<>();
			for (EchoClient client : clients) {
				ids.add(running.connectionOf(client).id());
			}
			assertThat(ids).as("ids in connect order").isSorted();

			KillResult result = RunningEngine
				.join(running.engine().kill(ConnectionFilter.ALL, KillMode.ABORT, 2, false));
			assertThat(result).isEqualTo(new KillResult(6, 2, false));
			for (int i = 0; i < clients.size(); i++) {
				if (i < 2) {
					assertThat(clients.get(i).awaitServerClose(Duration.ofSeconds(10)))
						.isEqualTo(EchoClient.ServerClose.RESET);
				}
				else {
					clients.get(i).stream(64 * KIB, 16 * KIB, Duration.ofSeconds(10));
				}
			}
			assertThat(running.connections()).extracting(ConnectionInfo::id)
				.containsExactlyElementsOf(ids.subList(2, 6));
		}
	}

	@Test
	void idleConnectionsUnderAnIdleTimeoutCostNoLoopTurns() throws Exception {
		EngineConfig config = RunningEngine.config(this.source, this.mode)
			.withTimeouts(Duration.ofMinutes(1), Duration.ofSeconds(2));
		try (RunningEngine running = RunningEngine.start(config);
				EchoClients idle = EchoClients.connect(running.address(), 200)) {
			idle.roundTripEach(10);
			// No periodic sweep: the loop sleeps until the nearest deadline, a minute away.
			assertThat(running.loopIterationsOver(Duration.ofSeconds(1)))
				.as("loop iterations over 1 s with 200 idle connections").isLessThan(20);
			assertThat(running.engine().activeConnections()).isEqualTo(200);
		}
	}

	@Test
	void fiveThousandConnectCloseCyclesReturnFdsAndConnectionTableToBaseline() throws Exception {
		try (RunningEngine running = RunningEngine.start(this.source, this.mode)) {
			Random random = new Random(this.mode.ordinal());
			// Warm up every code path of a cycle (classes, jars) so they open no fd later.
			for (int i = 0; i < 200; i++) {
				cycle(running.address(), i, random);
			}
			awaitNoConnections(running);
			Map<String, Long> baselineFds = ProcessFds.engineKinds();

			for (int i = 0; i < 5_000; i++) {
				cycle(running.address(), i, random);
			}

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(running.engine().activeConnections()).isZero();
				assertThat(running.connections()).isEmpty();
				// Only the kinds the engine opens: the rest of the JVM opens and closes files as it pleases.
				assertThat(ProcessFds.engineKinds()).as("open sockets, epoll and eventfd fds of the process")
					.isEqualTo(baselineFds);
			});
			// Linux hands out a connection reset while it waited in the accept queue too: every cycle is accepted.
			EngineStatistics.Connections connections = running.statistics().connections();
			long closed = connections.closed().values().stream().mapToLong(Long::longValue).sum();
			assertThat(connections.accepted()).isEqualTo(5_200);
			assertThat(connections.rejected().values()).allSatisfy((count) -> assertThat(count).isZero());
			assertThat(closed).as("closed %s vs accepted", connections.closed()).isEqualTo(connections.accepted());
			assertThat(connections.active()).isZero();
		}
	}

	@Test
	void idleTimeoutClosesIdleConnectionsAndSparesActiveOnes() throws Exception {
		Duration idleTimeout = Duration.ofSeconds(1);
		EngineConfig config = RunningEngine.config(this.source, this.mode)
			.withTimeouts(idleTimeout, Duration.ofSeconds(2));
		try (RunningEngine running = RunningEngine.start(config);
				EchoClients idle = EchoClients.connect(running.address(), 3);
				EchoClients active = EchoClients.connect(running.address(), 3)) {
			idle.roundTripEach(10);
			// Keep the active ones busy (every 100 ms, a tenth of the timeout) for three timeouts.
			long end = System.nanoTime() + 3 * idleTimeout.toNanos();
			while (System.nanoTime() - end < 0) {
				active.roundTripEach(10);
				Thread.sleep(100);
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
					running.statistics().connections().closed()).containsEntry(CloseReason.IDLE_TIMEOUT, 3L));
			for (EchoClient client : idle) {
				client.awaitServerClose(Duration.ofSeconds(10));
			}
			assertThat(running.engine().activeConnections()).isEqualTo(active.size());
			for (EchoClient client : active) {
				client.stream(100 * KIB, 16 * KIB, Duration.ofSeconds(10));
			}
			assertThat(running.statistics().connections().closed()).containsEntry(CloseReason.IDLE_TIMEOUT, 3L);
		}
	}

	@Test
	void stopClosesTheListenerFlushesPendingBacklogsAndClosesConnections() throws Exception {
		// More than the kernel's socket buffers can hold, all below the high watermark: the engine reads it all and
		// keeps a large backlog in user space.
		long pending = 16L * MIB;
		EngineConfig config = RunningEngine.config(this.source, this.mode)
			.withBuffers(64 * KIB, 32 * MIB, MIB)
			.withTimeouts(Duration.ZERO, Duration.ofSeconds(10));
		try (RunningEngine running = RunningEngine.start(config);
				EchoClient stalled = EchoClient.connect(running.address(), EchoClient.receiveBuffer(64 * KIB));
				EchoClient quiet = EchoClient.connect(running.address())) {
			InetSocketAddress address = running.address();
			long stalledId = running.connectionOf(stalled).id();
			quiet.roundTrip(100);
			CompletableFuture<Void> writer = stalled.startWriting(pending, 256 * KIB);
			writer.get(30, TimeUnit.SECONDS);
			// The engine has read it all and holds what the stalled client's window refuses.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(running.connection(stalledId))
				.hasValueSatisfying((info) -> {
					assertThat(info.bytesIn()).isEqualTo(pending);
					assertThat(info.writeBacklogBytes()).isGreaterThan(MIB);
				}));

			CompletableFuture<Void> stop = CompletableFuture.runAsync(running.engine()::stop);
			await().atMost(Duration.ofSeconds(10)).until(() -> connectionRefused(address));
			assertThat(running.engine().state()).isEqualTo(EngineState.DRAINING);
			assertThat(stop).isNotDone();

			stalled.readAndVerify(pending, Duration.ofSeconds(30));
			stalled.expectEof(Duration.ofSeconds(10));
			quiet.expectEof(Duration.ofSeconds(10));
			stalled.close();
			quiet.close();

			stop.get(15, TimeUnit.SECONDS);
			assertThat(running.engine().state()).isEqualTo(EngineState.STOPPED);
			assertThat(running.engine().activeConnections()).isZero();
			assertThat(connectionRefused(address)).isTrue();
		}
	}

	@Test
	void stopForceClosesWhatIsStillOpenAtTheDrainDeadline() throws Exception {
		Duration drainTimeout = Duration.ofSeconds(1);
		EngineConfig config = RunningEngine.config(this.source, this.mode)
			.withBuffers(64 * KIB, 8 * MIB, MIB)
			.withTimeouts(Duration.ZERO, drainTimeout);
		try (RunningEngine running = RunningEngine.start(config);
				EchoClient neverReads = EchoClient.connect(running.address(),
						EchoClient.receiveBuffer(64 * KIB))) {
			long id = running.connectionOf(neverReads).id();
			neverReads.startWriting(32L * MIB, 256 * KIB);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(running.connection(id))
				.hasValueSatisfying((info) -> assertThat(info.writeBacklogBytes()).isGreaterThan(MIB)));

			CompletableFuture<Void> stop = CompletableFuture.runAsync(running.engine()::stop);
			// Bounded far beyond the 1 s deadline: a drain that ignores its deadline hangs here.
			stop.get(15, TimeUnit.SECONDS);
			assertThat(running.engine().state()).isEqualTo(EngineState.STOPPED);
			assertThat(running.engine().activeConnections()).isZero();

			neverReads.readUntilServerClose(Duration.ofSeconds(30));
			assertThat(neverReads.received()).as("bytes echoed before the force-close")
				.isLessThan(neverReads.sent());
		}
	}

	@Test
	void stopUnderFullLoadEndsByTheDrainDeadlineWithoutCorruptingAnyStream() throws Exception {
		EngineConfig config = RunningEngine.config(this.source, this.mode)
			.withTimeouts(Duration.ZERO, Duration.ofSeconds(2));
		try (RunningEngine running = RunningEngine.start(config);
				EchoSwarm swarm = EchoSwarm.start(running.address(), 32, Long.MAX_VALUE, 256 * KIB)) {
			swarm.awaitConnected(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == 32);
			await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(swarm.echoed()).allMatch((n) -> n > MIB));

			CompletableFuture<Void> stop = CompletableFuture.runAsync(running.engine()::stop);
			// Clients that never stop sending keep the drain busy until its deadline; then it force-closes.
			stop.get(15, TimeUnit.SECONDS);
			assertThat(running.engine().state()).isEqualTo(EngineState.STOPPED);
			assertThat(running.engine().activeConnections()).isZero();
			// Every client lost its connection, and what each got back before that was an exact prefix.
			List<String> closed = swarm.awaitDone(Duration.ofSeconds(10));
			assertThat(closed).hasSize(32)
				.allSatisfy((failure) -> assertThat(failure).doesNotContain("expected 0x").doesNotContain("duplicated"));
		}
	}

	/** One short connection life, varied: silent, one echo, unread data, or a reset. */
	private static void cycle(InetSocketAddress address, int i, Random random) throws IOException {
		try (EchoClient client = EchoClient.connect(address)) {
			switch (i % 4) {
				case 0 -> {
				}
				case 1 -> client.roundTrip(1 + random.nextInt(64));
				case 2 -> client.write(1 + random.nextInt(4 * KIB));
				default -> client.abort();
			}
		}
	}

	private static void awaitNoConnections(RunningEngine running) {
		await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == 0);
	}

	private static boolean connectionRefused(InetSocketAddress address) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(address, 2_000);
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
	}


}
