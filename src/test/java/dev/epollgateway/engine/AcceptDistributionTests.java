package dev.epollgateway.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
