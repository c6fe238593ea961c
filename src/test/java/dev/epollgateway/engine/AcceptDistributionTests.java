package dev.epollgateway.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.epollgateway.engine.nativeio.Epoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How the loops share the listening port, on real sockets: every distribution echoes byte-exactly; {@code shared}
 * wakes several loops per connection and {@code reuseport} exactly one; a storm of live switches under connect,
 * echo and close churn resets no connection; refused combinations fail clearly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AcceptDistributionTests {

	private static final int LOOPS = 4;

	@ParameterizedTest(name = "{0}")
	@EnumSource(AcceptDistribution.class)
	void everyConnectionEchoesItsOwnBytesExactlyInEveryDistribution(AcceptDistribution distribution)
			throws Exception {
		int connections = 120;
		try (RunningEngine running = RunningEngine.start(config(distribution));
				EchoClients clients = new EchoClients()) {
			for (int i = 0; i < connections; i++) {
				clients.add(EchoClient.connect(running.address())).roundTrip(1 + i * 37 % 3000);
			}
			clients.roundTripEach(4096);
			for (EchoClient client : clients) {
				assertThat(client.received()).as("%s", client).isEqualTo(client.sent());
			}
			EngineStatistics.AcceptPath path = running.statistics().acceptPath();
			assertThat(path.distribution()).isEqualTo(distribution);
			assertThat(path.effective()).isTrue();
			assertThat(path.accepted()).isEqualTo(connections);
			assertThat(path.loops()).hasSize(LOOPS);
			assertThat(path.loops().stream().mapToLong(EngineStatistics.LoopAccepts::accepted).sum())
				.isEqualTo(connections);
			assertThat(path.loops().stream().mapToLong(EngineStatistics.LoopAccepts::connections).sum())
				.isEqualTo(connections);
			assertThat(path.fairness()).isBetween(1.0 / LOOPS, 1.0);
			assertThat(running.connections()).hasSize(connections);
		}
	}

	@Test
	void reuseportWakesOnlyTheLoopThatGetsTheConnectionEvenUnderABurst() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(AcceptDistribution.REUSEPORT))) {
			burst(running, 200);
			EngineStatistics.AcceptPath path = running.statistics().acceptPath();
			print(path);
			// Only its own loop watches a reuseport listener: the first accept of every wakeup finds a connection.
			assertThat(path.emptyWakeups()).isZero();
			assertThat(path.wakeupsPerAccepted()).isLessThanOrEqualTo(1.0);
			assertThat(path.loops().stream().filter((loop) -> loop.accepted() > 0).count())
				.as("loops the kernel's hash gave connections").isGreaterThan(1);
		}
	}

	@Test
	void sharedWakesLoopsThatFindNothingWhileABurstIsAccepted() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(AcceptDistribution.SHARED))) {
			// A loop woken after another emptied the queue re-polls the listener inside epoll_wait and sleeps again
			// without returning, so the herd shows only while connections keep arriving as the loops accept them:
			// bursts, until one shows it (bounded).
			for (int i = 0; i < 5 && running.statistics().acceptPath().emptyWakeups() == 0; i++) {
				burst(running, 200);
			}
			EngineStatistics.AcceptPath path = running.statistics().acceptPath();
			print(path);
			// A burst is accepted in batches (up to 64 per wakeup), so wakeups per connection fall below 1 here; what
			// only a shared socket can show is a wakeup whose first accept found nothing.
			assertThat(path.emptyWakeups()).as("wakeups that found nothing").isPositive();
			assertThat(path.loops().stream().filter((loop) -> loop.wakeups() > 0).count())
				.as("loops woken by the shared listener").isGreaterThan(1);
		}
	}

	@Test
	void exclusiveWakesAboutOneLoopPerConnection() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(AcceptDistribution.EXCLUSIVE));
				EchoClients clients = new EchoClients()) {
			for (int i = 0; i < 80; i++) {
				clients.add(EchoClient.connect(running.address())).roundTrip(64);
				Thread.sleep(2);
			}
			EngineStatistics.AcceptPath path = await().atMost(Duration.ofSeconds(10))
				.until(() -> running.statistics().acceptPath(), (p) -> p.accepted() == 80);
			print(path);
			assertThat(path.wakeupsPerAccepted()).as("accept wakeups per accepted connection").isLessThanOrEqualTo(1.3);
		}
	}

	/**
	 * Four threads connect {@code n} clients as fast as they can, then every client echoes its own bytes and closes;
	 * returns when the engine has accepted them all.
	 */
	private static void burst(RunningEngine running, int n) throws Exception {
		long acceptedBefore = running.statistics().acceptPath().accepted();
		List<EchoClient> connected = java.util.Collections.synchronizedList(new ArrayList<>());
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				for (int i = 0; i < n / 4; i++) {
					try {
						connected.add(EchoClient.connect(running.address()));
					}
					catch (IOException ex) {
						failures.add(ex.toString());
					}
				}
			}, "burst-" + t);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(30_000);
		}
		try (EchoClients clients = new EchoClients()) {
			connected.forEach(clients::add);
			assertThat(failures).isEmpty();
			clients.roundTripEach(100);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> running.statistics().acceptPath().accepted() - acceptedBefore == n);
	}

	private static void print(EngineStatistics.AcceptPath path) {
		System.out.printf("%s: %.2f wakeups per accepted connection, %d empty, share %s, fairness %.2f, %s%n",
				path.distribution(), path.wakeupsPerAccepted(), path.emptyWakeups(), path.share(), path.fairness(),
				path.loops());
	}

	@ParameterizedTest(name = "starting {0}")
	@EnumSource(AcceptDistribution.class)
	void distributionSwitchStormResetsNoConnectionAndEchoesEveryByte(AcceptDistribution start) throws Exception {
		int churners = 6;
		try (RunningEngine running = RunningEngine.start(config(start))) {
			Churn churn = Churn.start(running.address(), churners);
			List<AcceptDistributionSwitch> switches = new ArrayList<>();
			AcceptDistribution current = start;
			long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			long queuedAtSwitches = 0;
			while (System.nanoTime() - end < 0 && churn.failures.isEmpty()) {
				AcceptDistribution next = next(current);
				AcceptDistributionSwitch result;
				if (switches.size() % 5 == 0) {
					// The first and every fifth switch with connections sure to wait in the listeners' queues while
					// it happens: closing any listener would reset them.
					RunningEngine.join(running.engine().pauseAccepting());
					try (EchoClients queued = EchoClients.connect(running.address(), 8)) {
						for (EchoClient client : queued) {
							client.write(50);
						}
						result = RunningEngine.join(running.engine().switchAcceptDistribution(next));
						RunningEngine.join(running.engine().resumeAccepting());
						for (EchoClient client : queued) {
							client.readAndVerify(50, Duration.ofSeconds(10));
						}
						queuedAtSwitches += queued.size();
					}
				}
				else {
					result = RunningEngine.join(running.engine().switchAcceptDistribution(next));
				}
				assertThat(result.previous()).isEqualTo(current);
				assertThat(result.current()).isEqualTo(next);
				switches.add(result);
				current = next;
				Thread.sleep(20);
			}
			long completed = churn.stop();
			assertThat(churn.failures).as("connections that failed (reset, refused, short echo)").isEmpty();
			System.out.printf("distribution storm from %s: %d switches, %d connections echoed and closed, %d queued at"
					+ " a switch%n", start, switches.size(), completed, queuedAtSwitches);
			assertThat(switches).hasSizeGreaterThan(20);
			assertThat(completed).isGreaterThan(switches.size());
			assertThat(running.engine().acceptDistribution()).isEqualTo(current);
			EngineStatistics statistics = running.statistics();
			assertThat(statistics.acceptPath().switches()).isEqualTo(switches.size());
			assertThat(statistics.connections().accepted()).isEqualTo(completed + queuedAtSwitches);
			assertThat(statistics.connections().closed().get(CloseReason.ERROR)).isZero();
			// Every loop still serves: new connections land and echo after the storm.
			try (EchoClients after = EchoClients.connect(running.address(), 40)) {
				after.roundTripEach(1000);
			}
		}
	}

	@Test
	void aSwitchIsPublishedAsAnEventOnceEveryLoopHasAppliedIt() throws Exception {
		List<EngineEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (RunningEngine running = RunningEngine.start(config(AcceptDistribution.REUSEPORT))) {
			running.engine().addEventListener(events::add);
			AcceptDistributionSwitch done = RunningEngine
				.join(running.engine().switchAcceptDistribution(AcceptDistribution.EXCLUSIVE));
			await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
			EngineEvent switched = events.get(0);
			assertThat(switched.type()).isEqualTo(EngineEvent.Type.ACCEPT_DISTRIBUTION_SWITCHED);
			assertThat(switched.connectionId()).isZero();
			assertThat(switched.detail()).isEqualTo(done.describe()).startsWith("reuseport -> exclusive (4 loops");
			assertThat(running.engine().acceptDistribution()).isEqualTo(AcceptDistribution.EXCLUSIVE);
		}
	}

	@Test
	void withOneLoopTheSwitchSaysTheDistributionsAreTheSame() throws Exception {
		try (RunningEngine running = RunningEngine.start(RunningEngine.config(TriggerMode.LEVEL));
				EchoClients clients = EchoClients.connect(running.address(), 3)) {
			AcceptDistributionSwitch result = RunningEngine
				.join(running.engine().switchAcceptDistribution(AcceptDistribution.EXCLUSIVE));
			assertThat(result.effective()).isFalse();
			assertThat(result.describe()).contains("the same with one loop");
			assertThat(running.statistics().acceptPath().effective()).isFalse();
			clients.roundTripEach(500);
			clients.add(EchoClient.connect(running.address())).roundTrip(500);
		}
	}

	@Test
	void exclusiveOffEpollIsRefusedAtStartNamingBothSettings() {
		EngineConfig config = RunningEngine.config(BackendKind.POLL, TriggerMode.LEVEL)
			.withAcceptDistribution(AcceptDistribution.EXCLUSIVE);
		assertThatExceptionOfType(EngineStartException.class).isThrownBy(() -> new EpollEngine(config).start())
			.withMessageContaining("gateway.engine.accept-distribution=exclusive")
			.withMessageContaining("gateway.engine.backend=epoll")
			.withMessageContaining("poll");
	}

	@Test
	void aLiveSwitchToExclusiveOffEpollFailsAndChangesNothing() throws Exception {
		EngineConfig config = RunningEngine.config(BackendKind.SELECT, TriggerMode.LEVEL)
			.withLoops(2)
			.withMaxConnections(Backends.selectConnectionLimit(2));
		try (RunningEngine running = RunningEngine.start(config);
				EchoClients clients = EchoClients.connect(running.address(), 4)) {
			assertThat(running.engine().switchAcceptDistribution(AcceptDistribution.EXCLUSIVE))
				.failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(UnsupportedSettingException.class)
				.withMessageContaining("gateway.engine.accept-distribution=exclusive");
			assertThat(running.engine().acceptDistribution()).isEqualTo(AcceptDistribution.REUSEPORT);
			// shared works on select: one socket in every loop's fd_set.
			RunningEngine.join(running.engine().switchAcceptDistribution(AcceptDistribution.SHARED));
			clients.roundTripEach(100);
			try (EchoClients more = EchoClients.connect(running.address(), 20)) {
				more.roundTripEach(100);
			}
		}
	}

	@Test
	void aPausedEngineSwitchesAndAcceptsWhatWaitedOnceResumed() throws Exception {
		try (RunningEngine running = RunningEngine.start(config(AcceptDistribution.REUSEPORT))) {
			RunningEngine.join(running.engine().pauseAccepting());
			List<EchoClient> waiting = new ArrayList<>();
			try (EchoClients clients = new EchoClients()) {
				for (int i = 0; i < 20; i++) {
					EchoClient client = clients.add(EchoClient.connect(running.address()));
					client.write(100);
					waiting.add(client);
				}
				RunningEngine.join(running.engine().switchAcceptDistribution(AcceptDistribution.SHARED));
				RunningEngine.join(running.engine().switchAcceptDistribution(AcceptDistribution.EXCLUSIVE));
				RunningEngine.join(running.engine().resumeAccepting());
				for (EchoClient client : waiting) {
					client.readAndVerify(100, Duration.ofSeconds(10));
				}
			}
		}
	}

	@Test
	void aBackendSwitchToPollOrSelectIsRefusedWhileTheDistributionIsExclusiveAndChangesNothing() throws Exception {
		List<EngineEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
		EngineConfig config = config(AcceptDistribution.EXCLUSIVE)
			.withMaxConnections(Backends.selectConnectionLimit(LOOPS));
		try (RunningEngine running = RunningEngine.start(config);
				EchoClients clients = EchoClients.connect(running.address(), 8)) {
			running.engine().addEventListener(events::add);
			clients.roundTripEach(500);
			for (BackendKind target : List.of(BackendKind.POLL, BackendKind.SELECT)) {
				assertThat(running.engine().switchBackend(target)).failsWithin(Duration.ofSeconds(10))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(UnsupportedSettingException.class)
					.withMessageContaining("gateway.engine.backend=" + target.tag())
					.withMessageContaining("gateway.engine.accept-distribution=exclusive");
				assertThat(running.engine().backend()).isEqualTo(BackendKind.EPOLL);
				assertThat(running.engine().acceptDistribution()).isEqualTo(AcceptDistribution.EXCLUSIVE);
				assertListenerRegistrations(running, AcceptDistribution.EXCLUSIVE);
			}
			assertThat(running.statistics().backend().switches()).isZero();
			clients.roundTripEach(5000);
			assertEveryLoopAcceptsAlone(running);
			assertThat(events).noneMatch((event) -> event.type() == EngineEvent.Type.BACKEND_SWITCHED);
			// The refusal follows the live distribution: once it is shared, the same switch goes through.
			RunningEngine.join(running.engine().switchAcceptDistribution(AcceptDistribution.SHARED));
			assertThat(RunningEngine.join(running.engine().switchBackend(BackendKind.POLL)).current())
				.isEqualTo(BackendKind.POLL);
			clients.roundTripEach(500);
		}
	}

	@ParameterizedTest(name = "on {0}")
	@EnumSource(value = BackendKind.class, names = { "POLL", "SELECT" })
	void aSwitchToExclusiveIsRefusedWhileTheLiveBackendIsPollOrSelectAndChangesNothing(BackendKind offEpoll)
			throws Exception {
		// Started on epoll: the refusal must follow the backend in force, not the one configured at start.
		EngineConfig config = config(AcceptDistribution.SHARED)
			.withMaxConnections(Backends.selectConnectionLimit(LOOPS));
		List<EngineEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (RunningEngine running = RunningEngine.start(config);
				EchoClients clients = EchoClients.connect(running.address(), 8)) {
			RunningEngine.join(running.engine().switchBackend(offEpoll));
			running.engine().addEventListener(events::add);
			assertThat(running.engine().switchAcceptDistribution(AcceptDistribution.EXCLUSIVE))
				.failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(UnsupportedSettingException.class)
				.withMessageContaining("gateway.engine.accept-distribution=exclusive")
				.withMessageContaining("gateway.engine.backend=epoll")
				.withMessageContaining(offEpoll.tag());
			assertThat(running.engine().acceptDistribution()).isEqualTo(AcceptDistribution.SHARED);
			assertThat(running.engine().backend()).isEqualTo(offEpoll);
			assertThat(running.statistics().acceptPath().switches()).isZero();
			assertListenerRegistrations(running, AcceptDistribution.SHARED);
			clients.roundTripEach(2000);
			assertEveryLoopAcceptsAlone(running);
			assertThat(events).noneMatch((event) -> event.type() == EngineEvent.Type.ACCEPT_DISTRIBUTION_SWITCHED);
			// Back on epoll, the same switch goes through.
			RunningEngine.join(running.engine().switchBackend(BackendKind.EPOLL));
			assertThat(RunningEngine.join(running.engine().switchAcceptDistribution(AcceptDistribution.EXCLUSIVE))
				.current()).isEqualTo(AcceptDistribution.EXCLUSIVE);
			assertListenerRegistrations(running, AcceptDistribution.EXCLUSIVE);
		}
	}

	@Test
	void switchesOfTheBackendAndOfTheDistributionAskedBackToBackRunInOrderAndEachChecksTheOtherAsItIsThen()
			throws Exception {
		try (RunningEngine running = RunningEngine.start(config(AcceptDistribution.SHARED));
				EchoClients clients = EchoClients.connect(running.address(), 4)) {
			// Asked before the first has run: exclusive is refused because poll is in force by then, and the move
			// back to epoll is refused neither way.
			CompletableFuture<BackendSwitch> toPoll = running.engine().switchBackend(BackendKind.POLL);
			CompletableFuture<AcceptDistributionSwitch> toExclusive = running.engine()
				.switchAcceptDistribution(AcceptDistribution.EXCLUSIVE);
			CompletableFuture<BackendSwitch> toEpoll = running.engine().switchBackend(BackendKind.EPOLL);
			CompletableFuture<AcceptDistributionSwitch> exclusiveAgain = running.engine()
				.switchAcceptDistribution(AcceptDistribution.EXCLUSIVE);
			CompletableFuture<BackendSwitch> toPollAgain = running.engine().switchBackend(BackendKind.POLL);
			assertThat(RunningEngine.join(toPoll).current()).isEqualTo(BackendKind.POLL);
			assertThat(toExclusive).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(UnsupportedSettingException.class)
				.withMessageContaining("gateway.engine.backend=epoll");
			assertThat(RunningEngine.join(toEpoll).previous()).isEqualTo(BackendKind.POLL);
			assertThat(RunningEngine.join(exclusiveAgain).previous()).isEqualTo(AcceptDistribution.SHARED);
			assertThat(toPollAgain).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(UnsupportedSettingException.class)
				.withMessageContaining("gateway.engine.accept-distribution=exclusive");
			assertThat(running.engine().backend()).isEqualTo(BackendKind.EPOLL);
			assertThat(running.engine().acceptDistribution()).isEqualTo(AcceptDistribution.EXCLUSIVE);
			assertListenerRegistrations(running, AcceptDistribution.EXCLUSIVE);
			clients.roundTripEach(1000);
			assertEveryLoopAcceptsAlone(running);
		}
	}

	/**
	 * Connect, echo and close clients run through the switches; after each step every loop's accept path is checked
	 * on its own (the others held), and every listener registration (the own listener, the duplicate of the shared
	 * socket, EPOLLEXCLUSIVE) is where the distribution puts it, on the backend in force.
	 */
	@ParameterizedTest(name = "{0}")
	@EnumSource(value = AcceptDistribution.class, names = { "SHARED", "EXCLUSIVE" })
	void aBackendSwitchEpollPollEpollKeepsEveryLoopsAcceptPathAndEchoesEveryByte(AcceptDistribution distribution)
			throws Exception {
		try (RunningEngine running = RunningEngine.start(config(distribution))) {
			Churn churn = Churn.start(running.address(), 6);
			List<Runnable> steps = new ArrayList<>();
			for (int round = 0; round < 2; round++) {
				if (distribution == AcceptDistribution.EXCLUSIVE) {
					// Exclusive lives on epoll only: poll is refused while it is in force, so it steps aside for the
					// trip to poll and comes back once the loops are on epoll again.
					steps.add(() -> assertThat(running.engine().switchBackend(BackendKind.POLL))
						.failsWithin(Duration.ofSeconds(10))
						.withThrowableThat()
						.havingCause()
						.isInstanceOf(UnsupportedSettingException.class));
					steps.add(() -> switchDistribution(running, AcceptDistribution.SHARED));
				}
				steps.add(() -> switchBackend(running, BackendKind.POLL));
				steps.add(() -> switchBackend(running, BackendKind.EPOLL));
				if (distribution == AcceptDistribution.EXCLUSIVE) {
					steps.add(() -> switchDistribution(running, AcceptDistribution.EXCLUSIVE));
				}
			}
			assertListenerRegistrations(running, distribution);
			assertEveryLoopAcceptsAlone(running);
			for (Runnable step : steps) {
				step.run();
				Thread.sleep(100);
				assertListenerRegistrations(running, running.engine().acceptDistribution());
				assertEveryLoopAcceptsAlone(running);
				assertThat(churn.failures).as("connections that failed (reset, refused, short echo)").isEmpty();
			}
			long completed = churn.stop();
			assertThat(churn.failures).as("connections that failed (reset, refused, short echo)").isEmpty();
			assertThat(completed).isPositive();
			assertThat(running.engine().backend()).isEqualTo(BackendKind.EPOLL);
			assertThat(running.engine().acceptDistribution()).isEqualTo(distribution);
			EngineStatistics statistics = running.statistics();
			assertThat(statistics.connections().closed().get(CloseReason.ERROR)).isZero();
			assertThat(statistics.backend().switches())
				.isEqualTo(4);
			try (EchoClients after = EchoClients.connect(running.address(), 40)) {
				after.roundTripEach(1000);
			}
		}
	}

	private static void switchBackend(RunningEngine running, BackendKind target) {
		assertThat(RunningEngine.join(running.engine().switchBackend(target)).current()).isEqualTo(target);
	}

	private static void switchDistribution(RunningEngine running, AcceptDistribution target) {
		assertThat(RunningEngine.join(running.engine().switchAcceptDistribution(target)).current()).isEqualTo(target);
	}

	/**
	 * Each loop in turn accepts alone: every other loop is held inside a command, so the new connections can only be
	 * taken by this loop's listener registrations (under shared and exclusive the group sends them all to loop 0's
	 * socket, so loops 1 to 3 take them from their duplicate). They must be accepted by it and echo byte-exactly.
	 */
	private static void assertEveryLoopAcceptsAlone(RunningEngine running) throws Exception {
		for (int loop = 0; loop < LOOPS; loop++) {
			assertLoopAcceptsAlone(running, loop, 3);
		}
	}

	private static void assertLoopAcceptsAlone(RunningEngine running, int loop, int clients) throws Exception {
		CountDownLatch held = new CountDownLatch(LOOPS - 1);
		CountDownLatch release = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> holds = new ArrayList<>();
		try (EchoClients alone = new EchoClients()) {
			try {
				for (int other = 0; other < LOOPS; other++) {
					if (other != loop) {
						holds.add(running.engine().onLoop(other, (l) -> {
							held.countDown();
							try {
								return release.await(20, TimeUnit.SECONDS);
							}
							catch (InterruptedException ex) {
								Thread.currentThread().interrupt();
								return false;
							}
						}));
					}
				}
				assertThat(held.await(10, TimeUnit.SECONDS)).as("the other loops are held").isTrue();
				long before = running.statistics().acceptPath().loops().get(loop).accepted();
				for (int i = 0; i < clients; i++) {
					alone.add(EchoClient.connect(running.address()));
				}
				// Echoed while every other loop is held: only this loop can have accepted and served them.
				alone.roundTripEach(300);
				for (EchoClient client : alone) {
					assertThat(client.received()).as("%s", client).isEqualTo(client.sent());
				}
				assertThat(running.statistics().acceptPath().loops().get(loop).accepted() - before)
					.as("connections loop %d accepted while the others were held (%s, %s)", loop,
							running.engine().backend(), running.engine().acceptDistribution())
					.isGreaterThanOrEqualTo(clients);
			}
			finally {
				release.countDown();
			}
			for (CompletableFuture<Boolean> hold : holds) {
				assertThat(hold.get(10, TimeUnit.SECONDS)).isTrue();
			}
			for (EchoClient client : alone) {
				assertThat(running.connectionOf(client).loop()).as("the loop that owns %s", client).isEqualTo(loop);
			}
		}
	}

	/**
	 * Every loop's listener registrations on the backend in force: its own listener always; under shared and
	 * exclusive, on loops 1 to 3, the duplicate of the shared socket too; on epoll, EPOLLEXCLUSIVE on loop 0's listener
	 * and on every duplicate exactly under exclusive (read from the kernel's interest list).
	 */
	private static void assertListenerRegistrations(RunningEngine running, AcceptDistribution distribution)
			throws Exception {
		InterestList interest = RunningEngine.join(running.engine().interestList());
		for (InterestList.Loop loop : interest.loops()) {
			boolean duplicate = distribution.sharesOneSocket() && loop.loop() > 0;
			long connections = loop.registeredByMask().values().stream().mapToLong(Long::longValue).sum();
			assertThat(loop.agrees()).as("loop %d agrees", loop.loop()).isTrue();
			assertThat(loop.kernelEntries() - connections)
				.as("loop %d: eventfd, own listener%s", loop.loop(), duplicate ? " and the duplicate" : "")
				.isEqualTo(duplicate ? 3 : 2);
			if (loop.epfd() < 0) {
				assertThat(running.engine().backend()).isNotEqualTo(BackendKind.EPOLL);
				continue;
			}
			Map<Long, KernelEpollView.Entry> listeners = new java.util.HashMap<>();
			for (KernelEpollView.Entry entry : KernelEpollView.read(loop.epfd()).values()) {
				if (Acceptor.isListener(entry.data())) {
					listeners.put(entry.data(), entry);
				}
			}
			assertThat(listeners.keySet()).as("loop %d's listener registrations", loop.loop())
				.containsExactlyInAnyOrderElementsOf(duplicate
						? List.of(EventLoop.TAG_LISTENER, Acceptor.TAG_SHARED_LISTENER)
						: List.of(EventLoop.TAG_LISTENER));
			boolean exclusive = distribution == AcceptDistribution.EXCLUSIVE;
			KernelEpollView.Entry steered = listeners
				.get((loop.loop() == 0) ? EventLoop.TAG_LISTENER : Acceptor.TAG_SHARED_LISTENER);
			if (steered != null) {
				assertThat((steered.events() & Epoll.EPOLLEXCLUSIVE) != 0)
					.as("loop %d: %s carries EPOLLEXCLUSIVE", loop.loop(), steered)
					.isEqualTo(exclusive);
			}
			if (loop.loop() > 0) {
				assertThat(listeners.get(EventLoop.TAG_LISTENER).events() & Epoll.EPOLLEXCLUSIVE)
					.as("loop %d's own listener", loop.loop()).isZero();
			}
		}
	}

	private static EngineConfig config(AcceptDistribution distribution) {
		return RunningEngine.config(TriggerMode.LEVEL).withLoops(LOOPS).withAcceptDistribution(distribution);
	}

	static AcceptDistribution next(AcceptDistribution distribution) {
		return AcceptDistribution.values()[(distribution.ordinal() + 1) % AcceptDistribution.values().length];
	}

	/** Client threads that connect, echo a few random bytes byte-exactly, and close, over and over. */
	private static final class Churn {

		final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong completed = new AtomicLong();

		private final List<Thread> threads = new ArrayList<>();

		private final CountDownLatch done;

		private Churn(int threads) {
			this.done = new CountDownLatch(threads);
		}

		static Churn start(InetSocketAddress address, int threads) {
			Churn churn = new Churn(threads);
			for (int i = 0; i < threads; i++) {
				Random random = new Random(i);
				Thread thread = new Thread(() -> churn.run(address, random), "churn-" + i);
				thread.setDaemon(true);
				churn.threads.add(thread);
				thread.start();
			}
			return churn;
		}

		private void run(InetSocketAddress address, Random random) {
			try {
				while (this.running.get()) {
					try (EchoClient client = EchoClient.connect(address)) {
						client.roundTrip(1 + random.nextInt(2000));
						client.shutdownOutput();
						client.expectEof(Duration.ofSeconds(10));
					}
					catch (IOException | AssertionError ex) {
						this.failures.add(ex.toString());
						return;
					}
					this.completed.incrementAndGet();
				}
			}
			finally {
				this.done.countDown();
			}
		}

		/** Stops the clients after their current connection; returns how many connections completed. */
		long stop() throws InterruptedException {
			this.running.set(false);
			assertThat(this.done.await(30, TimeUnit.SECONDS)).as("churn threads finished").isTrue();
			return this.completed.get();
		}

	}

}
