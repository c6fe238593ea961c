package dev.epollgateway.engine;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.epollgateway.engine.nativeio.FdSets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Live readiness-backend switches on real sockets: every connection moves with its data, nothing is lost, duplicated
 * or reordered; refused switches change nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackendSwitchTests {

	private static final int KIB = 1024;

	private static final List<BackendKind> CYCLE = List.of(BackendKind.POLL, BackendKind.SELECT, BackendKind.EPOLL);

	/** Level-triggered on epoll, with a connection limit select accepts, so every backend can be switched to. */
	static EngineConfig switchable(int loops) {
		return RunningEngine.config(BackendKind.EPOLL, TriggerMode.LEVEL)
			.withLoops(loops)
			.withMaxConnections(Backends.selectConnectionLimit(loops));
	}

	@Test
	void echoesByteExactAcrossEpollPollSelectEpollWithDataInFlight() throws Exception {
		int clients = 8;
		Random random = new Random(11);
		Duration echoTimeout = Duration.ofSeconds(10);
		try (RunningEngine running = RunningEngine.start(switchable(1));
				EchoClients connected = EchoClients.connect(running.address(), clients)) {
			connected.roundTripEach(100);
			for (int round = 0; round < 30; round++) {
				BackendKind target = CYCLE.get(round % CYCLE.size());
				BackendKind before = running.engine().backend();
				if (round % 2 == 0) {
					// Bytes first, the switch right behind them, then silence: the new backend must report them.
					for (EchoClient client : connected) {
						client.write(1 + random.nextInt(2000));
					}
					LockSupport.parkNanos(random.nextInt(300_000));
					assertSwitched(switchTo(running, target), before, target, clients);
					for (EchoClient client : connected) {
						client.readAndVerify(client.sent() - client.received(), echoTimeout);
					}
				}
				else {
					// A burst larger than any socket buffer, the switch while it is being read and echoed.
					EchoClient bursty = connected.get(round % clients);
					CompletableFuture<Void> writer = bursty.startWriting(1024 * KIB, 64 * KIB);
					LockSupport.parkNanos(random.nextInt(2_000_000));
					assertSwitched(switchTo(running, target), before, target, clients);
					bursty.readAndVerify(1024 * KIB, echoTimeout);
					writer.get(10, TimeUnit.SECONDS);
				}
				assertThat(running.engine().backend()).isEqualTo(target);
				assertBackendWatchesEveryConnection(running, target, clients);
			}
			for (EchoClient client : connected) {
				assertThat(client.received()).as("%s", client).isEqualTo(client.sent());
				client.shutdownOutput();
				client.expectEof(echoTimeout);
			}
		}
	}

	@ParameterizedTest(name = "in {0}")
	@EnumSource(value = TriggerMode.class, names = { "EDGE", "ONESHOT" })
	void aSwitchToPollOrSelectIsRefusedInEdgeOrOneshotAndChangesNothing(TriggerMode mode) throws Exception {
		List<EngineEvent> events = new CopyOnWriteArrayList<>();
		try (RunningEngine running = RunningEngine.start(switchable(1).withTriggerMode(mode));
				EchoClients connected = EchoClients.connect(running.address(), 4)) {
			running.engine().addEventListener(events::add);
			connected.roundTripEach(1000);
			for (BackendKind target : List.of(BackendKind.POLL, BackendKind.SELECT)) {
				assertThatThrownBy(() -> running.engine().switchBackend(target).get(10, TimeUnit.SECONDS))
					.isInstanceOf(ExecutionException.class)
					.cause()
					.isInstanceOf(UnsupportedSettingException.class)
					.hasMessageContaining("gateway.engine.backend=" + target.tag())
					.hasMessageContaining("gateway.engine.trigger-mode=" + mode.name().toLowerCase(Locale.ROOT));
				assertThat(running.engine().backend()).isEqualTo(BackendKind.EPOLL);
				assertThat(running.engine().triggerMode()).isEqualTo(mode);
			}
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, mode, 4);
			connected.roundTripEach(10_000);
			assertThat(events).noneMatch((event) -> event.type() == EngineEvent.Type.BACKEND_SWITCHED);
		}
	}

	@Test
	void aSwitchToSelectIsRefusedWhileAConnectionHoldsAnFdAtOrAboveFdSetSizeAndChangesNothing() throws Exception {
		try (RunningEngine running = RunningEngine.start(switchable(1));
				EchoClient low = EchoClient.connect(running.address())) {
			low.roundTrip(512);
			List<FileChannel> idle = new ArrayList<>();
			try {
				// fds are handed out lowest-free first: with every number below FD_SETSIZE taken, the next accepted
				// socket's fd is above it.
				while (idle.size() < FdSets.FD_SETSIZE + 16) {
					idle.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
				}
				try (EchoClient high = EchoClient.connect(running.address())) {
					high.roundTrip(512);
					assertThat(running.connectionOf(high).fd()).isGreaterThanOrEqualTo(FdSets.FD_SETSIZE);
					assertThatThrownBy(
							() -> running.engine().switchBackend(BackendKind.SELECT).get(10, TimeUnit.SECONDS))
						.isInstanceOf(ExecutionException.class)
						.cause()
						.isInstanceOfSatisfying(FdSetSizeExceededException.class,
								(ex) -> assertThat(ex.fdsAtOrAbove()).isEqualTo(1))
						.hasMessageContaining("gateway.engine.backend=select")
						.hasMessageContaining("FD_SETSIZE (1024)")
						.hasMessageContaining("1 open fd(s)");
					assertThat(running.engine().backend()).isEqualTo(BackendKind.EPOLL);
					assertBackendWatchesEveryConnection(running, BackendKind.EPOLL, 2);
					high.stream(1024 * KIB, 16 * KIB, Duration.ofSeconds(30));
					low.stream(1024 * KIB, 16 * KIB, Duration.ofSeconds(30));
					// poll watches any fd: the same connections move there.
					assertSwitched(switchTo(running, BackendKind.POLL), BackendKind.EPOLL, BackendKind.POLL, 2);
					high.roundTrip(4096);
				}
			}
			finally {
				for (FileChannel channel : idle) {
					channel.close();
				}
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == 1);
			assertSwitched(switchTo(running, BackendKind.SELECT), BackendKind.POLL, BackendKind.SELECT, 1);
			low.roundTrip(4096);
			assertThat(low.received()).isEqualTo(low.sent());
		}
	}

	@Test
	void aSwitchToSelectIsRefusedWhenMaxConnectionsCouldExceedFdSetSize() throws Exception {
		EngineConfig config = RunningEngine.config(BackendKind.EPOLL, TriggerMode.LEVEL).withMaxConnections(5000);
		try (RunningEngine running = RunningEngine.start(config);
				EchoClient client = EchoClient.connect(running.address())) {
			client.roundTrip(100);
			assertThatThrownBy(() -> running.engine().switchBackend(BackendKind.SELECT).get(10, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOfSatisfying(FdSetSizeExceededException.class,
						(ex) -> assertThat(ex.fdsAtOrAbove()).isZero())
				.hasMessageContaining("gateway.engine.max-connections=5000 could exceed it")
				.hasMessageContaining("at most " + Backends.selectConnectionLimit(1));
			assertThat(running.engine().backend()).isEqualTo(BackendKind.EPOLL);
			client.roundTrip(100);
			assertThat(client.received()).isEqualTo(client.sent());
		}
	}

	@Test
	void aSwitchToTheBackendInForceMovesNothingAndPublishesNoEvent() throws Exception {
		List<EngineEvent> events = new CopyOnWriteArrayList<>();
		try (RunningEngine running = RunningEngine.start(switchable(1));
				EchoClients connected = EchoClients.connect(running.address(), 3)) {
			running.engine().addEventListener(events::add);
			connected.roundTripEach(100);
			BackendSwitch same = switchTo(running, BackendKind.EPOLL);
			assertThat(same).isEqualTo(new BackendSwitch(BackendKind.EPOLL, BackendKind.EPOLL, 0, 0));
			assertThat(same.unchanged()).isTrue();
			assertSwitched(switchTo(running, BackendKind.POLL), BackendKind.EPOLL, BackendKind.POLL, 3);
			assertThat(switchTo(running, BackendKind.POLL).connectionsMoved()).isZero();
			connected.roundTripEach(100);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(events)
					.filteredOn((event) -> event.type() == EngineEvent.Type.BACKEND_SWITCHED)
					.singleElement()
					.satisfies((event) -> assertThat(event.detail()).startsWith("EPOLL -> POLL (3 connections moved")));
		}
	}

	@Test
	void theTriggerModeIsCheckedAgainstTheBackendInForceAfterASwitch() throws Exception {
		try (RunningEngine running = RunningEngine.start(switchable(1));
				EchoClients connected = EchoClients.connect(running.address(), 2)) {
			switchTo(running, BackendKind.POLL);
			assertThatThrownBy(() -> running.engine().switchTriggerMode(TriggerMode.EDGE).get(10, TimeUnit.SECONDS))
				.cause()
				.isInstanceOf(UnsupportedSettingException.class)
				.hasMessageContaining("poll is level-triggered only");
			assertThat(running.engine().triggerMode()).isEqualTo(TriggerMode.LEVEL);
			switchTo(running, BackendKind.EPOLL);
			assertThat(running.switchTo(TriggerMode.EDGE).previous()).isEqualTo(TriggerMode.LEVEL);
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, TriggerMode.EDGE, 2);
			connected.roundTripEach(5000);
		}
	}

	@Test
	void theEngineReportsTheNewBackendOnlyOnceEveryLoopHasMoved() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (RunningEngine running = RunningEngine.start(switchable(2));
				EchoClients connected = EchoClients.connect(running.address(), 6)) {
			connected.roundTripEach(100);
			// Holds every loop right after its wait, before it runs the commands posted to it.
			running.engine().setReadyListObserver((ready) -> {
				held.countDown();
				awaitQuietly(release);
			});
			CompletableFuture<BackendSwitch> result = running.engine().switchBackend(BackendKind.POLL);
			try {
				assertThat(held.await(10, TimeUnit.SECONDS)).as("a loop reached the observer").isTrue();
				assertThat(result).isNotDone();
				assertThat(running.engine().backend()).isEqualTo(BackendKind.EPOLL);
				assertThatThrownBy(() -> running.engine().switchTriggerMode(TriggerMode.EDGE).get(1, TimeUnit.SECONDS))
					.as("no edge while a switch to poll is under way")
					.cause()
					.isInstanceOf(UnsupportedSettingException.class)
					.hasMessageContaining("under way");
			}
			finally {
				running.engine().setReadyListObserver(null);
				release.countDown();
			}
			BackendSwitch done = RunningEngine.join(result);
			assertSwitched(done, BackendKind.EPOLL, BackendKind.POLL, 6);
			assertThat(running.engine().backend()).isEqualTo(BackendKind.POLL);
			assertBackendWatchesEveryConnection(running, BackendKind.POLL, 6);
			connected.roundTripEach(1000);
		}
	}

	@Test
	void switchesAskedForBackToBackRunInOrderAndEachReportsTheBackendItLeft() throws Exception {
		try (RunningEngine running = RunningEngine.start(switchable(2));
				EchoClients connected = EchoClients.connect(running.address(), 4)) {
			connected.roundTripEach(100);
			CompletableFuture<BackendSwitch> one = running.engine().switchBackend(BackendKind.SELECT);
			CompletableFuture<BackendSwitch> two = running.engine().switchBackend(BackendKind.POLL);
			CompletableFuture<BackendSwitch> three = running.engine().switchBackend(BackendKind.EPOLL);
			assertSwitched(RunningEngine.join(one), BackendKind.EPOLL, BackendKind.SELECT, 4);
			assertSwitched(RunningEngine.join(two), BackendKind.SELECT, BackendKind.POLL, 4);
			assertSwitched(RunningEngine.join(three), BackendKind.POLL, BackendKind.EPOLL, 4);
			assertBackendWatchesEveryConnection(running, BackendKind.EPOLL, 4);
			connected.roundTripEach(1000);
		}
	}

	@Test
	void statisticsCountTheWaitCallsOfEachBackendAndTheSwitches() throws Exception {
		int clients = 20;
		try (RunningEngine running = RunningEngine.start(switchable(1));
				EchoClients connected = EchoClients.connect(running.address(), clients)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == clients);
			connected.roundTripEach(100);
			EngineStatistics.WaitCalls epollBefore = running.statistics().backend().waitCalls().get(BackendKind.EPOLL);
			switchTo(running, BackendKind.POLL);
			connected.roundTripEach(100);
			switchTo(running, BackendKind.SELECT);
			connected.roundTripEach(100);

			EngineStatistics statistics = running.statistics();
			EngineStatistics.Backend backend = statistics.backend();
			assertThat(backend.current()).isEqualTo(BackendKind.SELECT);
			assertThat(backend.switches()).isEqualTo(2);
			assertThat(backend.lastConnectionsMoved()).isEqualTo(clients);
			EngineStatistics.WaitCalls epoll = backend.waitCalls().get(BackendKind.EPOLL);
			EngineStatistics.WaitCalls poll = backend.waitCalls().get(BackendKind.POLL);
			EngineStatistics.WaitCalls select = backend.waitCalls().get(BackendKind.SELECT);
			assertThat(epoll.calls()).isGreaterThanOrEqualTo(epollBefore.calls()).isPositive();
			assertThat(epoll.fdsHandedToKernel()).as("epoll hands the kernel nothing per call").isZero();
			assertThat(epoll.entriesScanned()).as("epoll scans only what is ready").isEqualTo(epoll.readyReturned());
			// No connection came or went on poll: every call handed the whole array, connections, listener, eventfd.
			assertThat(poll.calls()).isGreaterThanOrEqualTo(clients);
			assertThat(poll.fdsHandedToKernel()).isEqualTo((clients + 2) * poll.calls());
			assertThat(poll.entriesScanned()).isBetween(poll.readyReturned(), poll.fdsHandedToKernel());
			assertThat(select.calls()).isGreaterThanOrEqualTo(clients);
			assertThat(select.fdsHandedPerCall()).as("nfds: the highest watched fd + 1").isGreaterThan(clients + 2);
			assertThat(select.readyReturned()).isPositive().isLessThanOrEqualTo(select.entriesScanned());
			assertThat(epoll.readyReturned() + poll.readyReturned() + select.readyReturned())
				.as("every ready entry is counted under one backend").isEqualTo(statistics.readyList().events());
			assertThat(epoll.calls() + poll.calls() + select.calls()).isEqualTo(statistics.readyList().wakeups());
		}
	}

	/**
	 * 32 verified streams and a few hundred idle connections while the backend cycles epoll, poll, select about every
	 * 20 ms for 5 s: every byte comes back once and in order, and every stream progresses in every second.
	 */
	@Test
	void backendSwitchStormLosesNothingAndEveryStreamKeepsProgressing() throws Exception {
		int streams = 32;
		int idleCount = 250;
		Duration window = Duration.ofSeconds(1);
		int windows = 5;
		try (RunningEngine running = RunningEngine.start(switchable(1));
				EchoClients idle = EchoClients.connect(running.address(), idleCount);
				EchoSwarm swarm = EchoSwarm.start(running.address(), streams, Long.MAX_VALUE, 64 * KIB)) {
			swarm.awaitConnected(Duration.ofSeconds(10));
			int total = streams + idleCount;
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == total);

			List<long[]> samples = new ArrayList<>();
			List<BackendSwitch> switches = new ArrayList<>();
			samples.add(swarm.echoed());
			long start = System.nanoTime();
			long nextSample = start + window.toNanos();
			int step = 0;
			while (samples.size() <= windows && swarm.failures().isEmpty()) {
				BackendKind target = CYCLE.get(step++ % CYCLE.size());
				BackendKind before = running.engine().backend();
				BackendSwitch result = switchTo(running, target);
				assertSwitched(result, before, target, total);
				switches.add(result);
				Thread.sleep(20);
				if (System.nanoTime() - nextSample >= 0) {
					samples.add(swarm.echoed());
					nextSample += window.toNanos();
				}
			}
			assertThat(swarm.failures()).as("stream failures during the storm").isEmpty();
			assertThat(System.nanoTime() - start).as("storm duration")
				.isGreaterThanOrEqualTo(windows * window.toNanos());
			for (int w = 1; w < samples.size(); w++) {
				for (int c = 0; c < streams; c++) {
					assertThat(samples.get(w)[c]).as("stream %d progressed in window %d", c, w)
						.isGreaterThan(samples.get(w - 1)[c]);
				}
			}
			swarm.finish();
			swarm.awaitFinished(Duration.ofSeconds(30));
			assertThat(swarm.echoed()).isEqualTo(swarm.sent());
			idle.roundTripEach(64);
			long bytes = Arrays.stream(swarm.sent()).sum() + 64L * idleCount;
			long slowest = switches.stream().mapToLong(BackendSwitch::switchMicros).max().orElseThrow();
			System.out.printf("backend switch storm: %d switches of %d connections (slowest %d us), %d bytes echoed%n",
					switches.size(), total, slowest, bytes);
			assertThat(switches).hasSizeGreaterThan(3 * windows);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				EngineStatistics statistics = running.statistics();
				assertThat(statistics.traffic().bytesIn()).isEqualTo(bytes);
				assertThat(statistics.traffic().bytesOut()).isEqualTo(bytes);
			});
		}
	}

	private static BackendSwitch switchTo(RunningEngine running, BackendKind target) {
		return RunningEngine.join(running.engine().switchBackend(target));
	}

	private static void assertSwitched(BackendSwitch result, BackendKind previous, BackendKind current, int moved) {
		assertThat(result.previous()).as("previous backend of %s", result).isEqualTo(previous);
		assertThat(result.current()).as("current backend of %s", result).isEqualTo(current);
		assertThat(result.connectionsMoved()).as("connections moved by %s", result)
			.isEqualTo((previous == current) ? 0 : moved);
	}

	/**
	 * The backend's own record (the kernel's interest list, the pollfd array or the fd_set bitmaps) holds every
	 * connection with the engine's mask, and nothing else but each loop's listener and eventfd.
	 */
	private static void assertBackendWatchesEveryConnection(RunningEngine running, BackendKind backend,
			int connections) {
		InterestList interest = RunningEngine.join(running.engine().interestList());
		long held = 0;
		for (InterestList.Loop loop : interest.loops()) {
			assertThat(loop.agrees()).as("loop %d on %s: %s vs %s", loop.loop(), backend, loop.kernelByMask(),
					loop.registeredByMask()).isTrue();
			assertThat(loop.epfd() >= 0).as("loop %d has an epoll fd", loop.loop())
				.isEqualTo(backend == BackendKind.EPOLL);
			held += loop.kernelByMask().values().stream().mapToLong(Long::longValue).sum();
			assertThat(loop.kernelEntries()).as("loop %d: connections, listener and eventfd", loop.loop())
				.isEqualTo(loop.registeredByMask().values().stream().mapToLong(Long::longValue).sum() + 2);
		}
		assertThat(held).isEqualTo(connections);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
