package dev.epollgateway.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.epollgateway.engine.query.ConnectionInfo;
import dev.epollgateway.engine.query.KillMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Four threads on one epoll instance ({@link Topology#SHARED_EPOLL}): every stream byte-exact and in order while
 * any thread may be handed any connection (the echo suites run here too, through {@link BackendModes}); the live
 * mode switch, kill, listing, idle timeout and drain; the ownership guard's counts; the refused combinations.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedEpollTests {

	private static final int KIB = 1024;

	private static final int MIB = 1024 * KIB;

	private static EngineConfig config(TriggerMode mode) {
		return RunningEngine.config(EventSource.sharedEpoll(), mode);
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(TriggerMode.class)
	void manyStreamsStayByteExactAndInOrderWhileFourThreadsShareOneEpollInstance(TriggerMode mode) throws Exception {
		int clients = 48;
		try (RunningEngine running = RunningEngine.start(config(mode));
				EchoSwarm swarm = EchoSwarm.start(running.address(), clients, 2L * MIB, 64 * KIB)) {
			swarm.awaitConnected(Duration.ofSeconds(10));
			swarm.awaitFinished(Duration.ofSeconds(90));
			// The swarm checks every byte against its stream's pattern as it arrives: a byte read by two threads at
			// once, or echoed out of order, fails it.
			assertThat(swarm.failures()).isEmpty();
			assertThat(swarm.echoed()).isEqualTo(swarm.sent());
			long total = Arrays.stream(swarm.sent()).sum();
			EngineStatistics.ThreadSharing threads = running.statistics().threads();
			System.out.printf("shared epoll, %s: %d bytes, %d events, %d collisions, %d late hand-offs, %d drained"
					+ " reads, %d re-arms%n", mode, total, threads.events(), threads.collisions(),
					threads.lateHandoffs(), threads.drainedReads(), threads.rearms());
			assertThat(threads.topology()).isEqualTo(Topology.SHARED_EPOLL);
			if (mode == TriggerMode.ONESHOT) {
				// The kernel reports nothing for a connection between its event and its re-arm.
				assertThat(threads.collisions()).as("oneshot collisions").isZero();
				assertThat(threads.byMode().get(TriggerMode.ONESHOT).events()).isEqualTo(threads.events());
				assertThat(threads.rearms()).isPositive();
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(running.statistics().traffic().bytesOut()).isEqualTo(total);
			});
		}
	}

	@Test
	void connectionsAreAcceptedByEveryThreadAndListedWithTheirHomeLoop() throws Exception {
		int clients = 64;
		try (RunningEngine running = RunningEngine.start(config(TriggerMode.ONESHOT));
				EchoClients connected = EchoClients.connect(running.address(), clients)) {
			connected.roundTripEach(64);
			List<ConnectionInfo> listed = running.connections();
			assertThat(listed).hasSize(clients);
			Set<Integer> loops = listed.stream().map(ConnectionInfo::loop).collect(Collectors.toSet());
			assertThat(loops).allSatisfy((loop) -> assertThat(loop).isBetween(0, EventSource.SHARED_THREADS - 1));
			EngineStatistics statistics = running.statistics();
			assertThat(statistics.connections().active()).isEqualTo(clients);
			assertThat(statistics.acceptPath().accepted()).isEqualTo(clients);
			InterestList interest = RunningEngine.join(running.engine().interestList());
			assertThat(interest.loops()).allSatisfy((loop) -> assertThat(loop.agrees()).as("loop %d", loop.loop())
				.isTrue());
		}
	}

	@ParameterizedTest(name = "starting in {0}")
	@EnumSource(TriggerMode.class)
	void modeSwitchStormLosesNothing(TriggerMode startMode) throws Exception {
		int clients = 24;
		try (RunningEngine running = RunningEngine.start(config(startMode));
				EchoSwarm swarm = EchoSwarm.start(running.address(), clients, Long.MAX_VALUE, 64 * KIB)) {
			swarm.awaitConnected(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == clients);
			List<ModeSwitch> switches = TriggerModeSwitchTests.storm(running, swarm, startMode, 3);
			swarm.finish();
			swarm.awaitFinished(Duration.ofSeconds(30));
			assertThat(swarm.echoed()).isEqualTo(swarm.sent());
			assertThat(running.statistics().triggerMode()).isEqualTo(switches.get(switches.size() - 1).current());
		}
	}

	@Test
	void everySwitchReachesTheKernelForEveryConnectionOfEveryLoop() throws Exception {
		int clients = 20;
		try (RunningEngine running = RunningEngine.start(config(TriggerMode.LEVEL));
				EchoClients connected = EchoClients.connect(running.address(), clients)) {
			connected.roundTripEach(100);
			for (TriggerMode mode : List.of(TriggerMode.ONESHOT, TriggerMode.EDGE, TriggerMode.LEVEL, TriggerMode.ONESHOT)) {
				ModeSwitch result = running.switchTo(mode);
				assertThat(result.connectionsRearmed()).isEqualTo(clients);
				InterestListAssertions.assertKernelHasModeOnEveryConnection(running, mode, clients);
				connected.roundTripEach(100);
			}
		}
	}

	@Test
	void killClosesOnlyItsConnectionWhicheverThreadOwnsIt() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(TriggerMode.LEVEL));
				EchoClient victim = EchoClient.connect(running.address());
				EchoClient bystander = EchoClient.connect(running.address())) {
			victim.roundTrip(100);
			bystander.roundTrip(100);
			long victimId = running.connections().stream()
				.filter((info) -> info.remotePort() == victim.localPort())
				.findFirst()
				.orElseThrow()
				.id();
			assertThat(RunningEngine.join(running.engine().kill(victimId, KillMode.ABORT))).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> running.connection(victimId).isEmpty());
			assertThat(running.statistics().connections().closed()).containsEntry(CloseReason.KILLED, 1L);
			bystander.stream(MIB, 64 * KIB, Duration.ofSeconds(30));
			assertThat(running.engine().activeConnections()).isEqualTo(1);
		}
	}

	@Test
	void pauseLeavesNewConnectionsWaitingWhileOpenOnesEchoAndResumeAcceptsThem() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(TriggerMode.ONESHOT));
				EchoClient open = EchoClient.connect(running.address());
				EchoClients waiting = new EchoClients()) {
			open.roundTrip(100);
			RunningEngine.join(running.engine().pauseAccepting());
			for (int i = 0; i < 12; i++) {
				waiting.add(EchoClient.connect(running.address())).write(100);
			}
			open.roundTrip(100);
			Thread.sleep(300);
			assertThat(running.engine().activeConnections()).as("accepted while paused").isEqualTo(1);
			RunningEngine.join(running.engine().resumeAccepting());
			for (EchoClient client : waiting) {
				client.readAndVerify(100, Duration.ofSeconds(10));
			}
			assertThat(running.engine().activeConnections()).isEqualTo(13);
		}
	}

	@Test
	void idleTimeoutClosesIdleConnectionsAndSparesBusyOnes() throws Exception {
		EngineConfig config = config(TriggerMode.EDGE).withTimeouts(Duration.ofMillis(600), Duration.ofSeconds(2));
		try (RunningEngine running = RunningEngine.start(config);
				EchoClients idle = EchoClients.connect(running.address(), 8);
				EchoClient busy = EchoClient.connect(running.address())) {
			idle.roundTripEach(10);
			long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
			while (System.nanoTime() < until) {
				busy.roundTrip(10);
				Thread.sleep(50);
			}
			for (EchoClient client : idle) {
				client.expectEof(Duration.ofSeconds(5));
			}
			assertThat(running.statistics().connections().closed()).containsEntry(CloseReason.IDLE_TIMEOUT, 8L);
			busy.roundTrip(10);
		}
	}

	@Test
	void drainEchoesWhatArrivedThenClosesEveryConnectionAndEndsEveryThread() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(TriggerMode.ONESHOT));
				EchoClients connected = EchoClients.connect(running.address(), 32)) {
			connected.roundTripEach(100);
			for (EchoClient client : connected) {
				client.write(1000);
			}
			RunningEngine.join(running.engine().drain(Duration.ofSeconds(5)));
			for (EchoClient client : connected) {
				client.readAndVerify(1000, Duration.ofSeconds(5));
				client.expectEof(Duration.ofSeconds(5));
			}
			assertThat(running.engine().state()).isEqualTo(EngineState.STOPPED);
			assertThat(running.statistics().connections().closed()).containsEntry(CloseReason.DRAINED, 32L);
		}
	}

	@Test
	void idleThreadsSleep() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(TriggerMode.LEVEL));
				EchoClients connected = EchoClients.connect(running.address(), 16)) {
			connected.roundTripEach(100);
			assertThat(running.loopIterationsOver(Duration.ofSeconds(1))).as("loop iterations over 1 s of idleness")
				.isLessThan(20);
		}
	}

	@Test
	void startRefusesABackendOtherThanEpollNamingBothSettings() {
		EngineConfig config = config(TriggerMode.LEVEL).withBackend(BackendKind.POLL);
		assertThatThrownBy(() -> RunningEngine.start(config).close()).isInstanceOf(EngineStartException.class)
			.hasMessageContaining("gateway.engine.topology=shared-epoll")
			.hasMessageContaining("gateway.engine.backend=epoll");
	}

	@Test
	void startRefusesAnAcceptDistributionNamingBothSettings() {
		EngineConfig config = config(TriggerMode.LEVEL).withAcceptDistribution(AcceptDistribution.EXCLUSIVE);
		assertThatThrownBy(() -> RunningEngine.start(config).close()).isInstanceOf(EngineStartException.class)
			.hasMessageContaining("gateway.engine.accept-distribution=exclusive")
			.hasMessageContaining("gateway.engine.topology=shared-epoll");
	}

	@Test
	void liveBackendAndDistributionSwitchesAreRefusedAndChangeNothing() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(TriggerMode.LEVEL));
				EchoClient client = EchoClient.connect(running.address())) {
			client.roundTrip(10);
			assertThatThrownBy(() -> RunningEngine.join(running.engine().switchBackend(BackendKind.POLL)))
				.hasRootCauseInstanceOf(UnsupportedByTopologyException.class)
				.hasStackTraceContaining("gateway.engine.backend cannot be switched under gateway.engine.topology");
			assertThatThrownBy(
					() -> RunningEngine.join(running.engine().switchAcceptDistribution(AcceptDistribution.SHARED)))
				.hasRootCauseInstanceOf(UnsupportedByTopologyException.class);
			assertThat(running.engine().backend()).isEqualTo(BackendKind.EPOLL);
			assertThat(running.engine().acceptDistribution()).isEqualTo(AcceptDistribution.REUSEPORT);
			client.roundTrip(10);
		}
	}

	@Test
	void topologyNamesParseWithEitherSeparatorAndUnknownOnesNameTheValidValues() {
		assertThat(Topology.parse("shared-epoll")).isEqualTo(Topology.SHARED_EPOLL);
		assertThat(Topology.parse("LOOP_PER_THREAD")).isEqualTo(Topology.LOOP_PER_THREAD);
		assertThatThrownBy(() -> Topology.parse("shared")).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("Unknown topology 'shared'; valid values are loop-per-thread, shared-epoll");
	}

}
