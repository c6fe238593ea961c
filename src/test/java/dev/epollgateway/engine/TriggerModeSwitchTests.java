package dev.epollgateway.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live trigger-mode switches: under load nothing is lost, duplicated or reordered and nobody stalls; data waiting at
 * the moment of a switch is still echoed; the new mode reaches the kernel for every connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TriggerModeSwitchTests {

	private static final int KIB = 1024;

	@ParameterizedTest(name = "starting in {0}")
	@EnumSource(TriggerMode.class)
	void switchStormLosesNothingAndEveryClientKeepsProgressing(TriggerMode startMode) throws Exception {
		int clients = 32;
		try (RunningEngine running = RunningEngine.start(startMode);
				EchoSwarm swarm = EchoSwarm.start(running.address(), clients, Long.MAX_VALUE, 64 * KIB)) {
			swarm.awaitConnected(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == clients);

			List<ModeSwitch> switches = storm(running, swarm, startMode, 6);

			swarm.finish();
			swarm.awaitFinished(Duration.ofSeconds(30));
			assertThat(swarm.echoed()).isEqualTo(swarm.sent());
			long total = Arrays.stream(swarm.sent()).sum();
			System.out.printf("switch storm from %s: %d switches, %d bytes echoed by %d clients%n", startMode,
					switches.size(), total, clients);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				EngineStatistics statistics = running.statistics();
				assertThat(statistics.traffic().bytesIn()).isEqualTo(total);
				assertThat(statistics.traffic().bytesOut()).isEqualTo(total);
				assertThat(statistics.modeSwitches().count()).isEqualTo(switches.size());
				assertThat(statistics.triggerMode()).isEqualTo(switches.get(switches.size() - 1).current());
			});
		}
	}

	@ParameterizedTest(name = "starting in {0}")
	@EnumSource(TriggerMode.class)
	void switchStormUnderBackpressureStrandsNothing(TriggerMode startMode) throws Exception {
		int clients = 8;
		// Tiny engine buffers and client receive windows, and more in flight than the kernel's socket buffers
		// hold: backlogs build and readers pause and resume all through the storm.
		EngineConfig config = RunningEngine.config(startMode).withBuffers(1024, 8 * KIB, 2 * KIB);
		try (RunningEngine running = RunningEngine.start(config);
				EchoSwarm swarm = EchoSwarm.startWithReceiveBuffer(running.address(), clients, Long.MAX_VALUE,
						4 * 1024 * KIB, 8 * KIB)) {
			swarm.awaitConnected(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == clients);
			List<ModeSwitch> switches = storm(running, swarm, startMode, 3);
			swarm.finish();
			swarm.awaitFinished(Duration.ofSeconds(60));
			assertThat(swarm.echoed()).isEqualTo(swarm.sent());
			EngineStatistics.Buffers buffers = running.statistics().buffers();
			System.out.printf("switch storm under backpressure from %s: %d switches, %d read pauses, peak backlog %d%n",
					startMode, switches.size(), buffers.readPauses(), buffers.backlogBytesPeak());
			assertThat(buffers.readPauses()).as("reads paused by backpressure during the storm").isPositive();
			assertThat(buffers.backlogBytesPeak()).isLessThanOrEqualTo(8 * KIB + 1024);
		}
	}

	/**
	 * Cycles the mode every ~10 ms for {@code windows} windows of one second (the storm lasts at least that many
	 * seconds) while the swarm streams, checking
	 * that each switch reports the mode it left and re-arms every client, and that every client's echo advanced in
	 * every window.
	 * @return the switches made
	 */
	static List<ModeSwitch> storm(RunningEngine running, EchoSwarm swarm, TriggerMode startMode, int windows)
			throws InterruptedException {
		Duration window = Duration.ofSeconds(1);
		int clients = swarm.echoed().length;
		List<long[]> samples = new ArrayList<>();
		List<TriggerMode> modeAtSample = new ArrayList<>();
		List<ModeSwitch> switches = new ArrayList<>();
		TriggerMode current = startMode;
		samples.add(swarm.echoed());
		modeAtSample.add(current);
		long start = System.nanoTime();
		long nextSample = start + window.toNanos();
		while (samples.size() <= windows && swarm.failures().isEmpty()) {
			TriggerMode next = next(current);
			ModeSwitch result = running.switchTo(next);
			assertThat(result.previous()).as("previous mode of switch %d", switches.size()).isEqualTo(current);
			switches.add(result);
			current = next;
			Thread.sleep(10);
			if (System.nanoTime() - nextSample >= 0) {
				samples.add(swarm.echoed());
				modeAtSample.add(current);
				nextSample += window.toNanos();
			}
		}
		assertThat(swarm.failures()).as("stream failures during the storm").isEmpty();
		assertThat(System.nanoTime() - start).as("storm duration").isGreaterThanOrEqualTo(windows * window.toNanos());

		List<String> stalled = new ArrayList<>();
		for (int w = 1; w < samples.size(); w++) {
			for (int c = 0; c < clients; c++) {
				if (samples.get(w)[c] <= samples.get(w - 1)[c]) {
					stalled.add("client " + c + " in window " + w + " (mode at its end " + modeAtSample.get(w)
							+ ", stuck at " + samples.get(w)[c] + " bytes)");
				}
			}
		}
		assertThat(stalled).as("clients without progress in a %s window", window).isEmpty();
		assertThat(switches).as("every switch re-armed every live connection")
			.allSatisfy((result) -> assertThat(result.connectionsRearmed()).isEqualTo(clients));

		return switches;
	}

	@ParameterizedTest(name = "starting in {0}")
	@EnumSource(TriggerMode.class)
	void bytesArrivingJustBeforeASwitchAndFollowedBySilenceAreStillEchoed(TriggerMode startMode) throws Exception {
		int clients = 8;
		Random random = new Random(startMode.ordinal());
		Duration echoTimeout = Duration.ofSeconds(5);
		try (RunningEngine running = RunningEngine.start(startMode);
				EchoClients quiet = EchoClients.connect(running.address(), clients)) {
			TriggerMode current = startMode;
			for (int round = 0; round < 300; round++) {
				TriggerMode next = next(current);
				switch (round % 3) {
					case 0 -> {
						// Bytes first, the switch right behind them (with a varying gap), then silence.
						for (EchoClient client : quiet) {
							client.write(1 + random.nextInt(100));
						}
						LockSupport.parkNanos(random.nextInt(300_000));
						running.switchTo(next);
						for (EchoClient client : quiet) {
							client.readAndVerify(client.sent() - client.received(), echoTimeout);
						}
					}
					case 1 -> {
						// The switch posted first, the bytes racing it to the loop.
						CompletableFuture<ModeSwitch> pending = running.engine().switchTriggerMode(next);
						for (EchoClient client : quiet) {
							client.write(1 + random.nextInt(100));
						}
						assertThat(RunningEngine.join(pending).current()).isEqualTo(next);
						for (EchoClient client : quiet) {
							client.readAndVerify(client.sent() - client.received(), echoTimeout);
						}
					}
					default -> {
						// A burst beyond any per-wakeup read budget, the switch while it is being read, silence.
						EchoClient bursty = quiet.get(round % clients);
						CompletableFuture<Void> writer = bursty.startWriting(256 * KIB, 256 * KIB);
						LockSupport.parkNanos(random.nextInt(2_000_000));
						running.switchTo(next);
						bursty.readAndVerify(256 * KIB, echoTimeout);
						writer.get(5, TimeUnit.SECONDS);
					}
				}
				current = next;
			}
			for (EchoClient client : quiet) {
				assertThat(client.received()).as("%s", client).isEqualTo(client.sent());
				client.shutdownOutput();
				client.expectEof(echoTimeout);
			}
		}
	}

	@ParameterizedTest(name = "{0} to {1}")
	@MethodSource("modePairs")
	void kernelShowsTheNewModeBitsOnEveryConnectionAfterASwitch(TriggerMode from, TriggerMode to) throws Exception {
		int clients = 20;
		try (RunningEngine running = RunningEngine.start(from);
				EchoClients connected = EchoClients.connect(running.address(), clients)) {
			connected.roundTripEach(100);
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, from, clients);

			ModeSwitch result = running.switchTo(to);
			assertThat(result.previous()).isEqualTo(from);
			assertThat(result.connectionsRearmed()).isEqualTo(clients);
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, to, clients);

			// Traffic after the switch (and ONESHOT re-arms) must keep the mode bits: a MOD that forgets
			// EPOLLET silently turns a socket level-triggered.
			connected.roundTripEach(10_000);
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, to, clients);

			// Later connections get the new mode too.
			EchoClient late = connected.add(EchoClient.connect(running.address()));
			late.roundTrip(100);
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, to, clients + 1);
		}
	}

	@ParameterizedTest(name = "ending in {0}")
	@EnumSource(TriggerMode.class)
	void burstOfTwoThousandConnectionsIsServedAfterSwitches(TriggerMode finalMode) throws Exception {
		try (RunningEngine running = RunningEngine.start(TriggerMode.LEVEL)) {
			TriggerMode mode = TriggerMode.LEVEL;
			do {
				mode = next(mode);
				running.switchTo(mode);
			}
			while (mode != finalMode);
			try (EchoSwarm burst = EchoSwarm.start(running.address(), 2_000, 4 * KIB, 4 * KIB)) {
				burst.awaitConnected(Duration.ofSeconds(30));
				burst.awaitFinished(Duration.ofSeconds(60));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == 0);
			assertThat(running.statistics().connections().accepted()).isEqualTo(2_000);
		}
	}

	@ParameterizedTest(name = "starting in {0}")
	@EnumSource(TriggerMode.class)
	void theEngineReportsTheNewModeOnlyOnceEveryLoopHasAppliedIt(TriggerMode startMode) throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (RunningEngine running = RunningEngine.start(RunningEngine.config(startMode).withLoops(2));
				EchoClients connected = EchoClients.connect(running.address(), 4)) {
			connected.roundTripEach(100);
			TriggerMode target = next(startMode);
			// Holds every loop right after its epoll_wait, before it runs the commands posted to it: the switch's
			// own wakeup brings each loop here.
			running.engine().setReadyListObserver((ready) -> {
				held.countDown();
				awaitQuietly(release);
			});
			CompletableFuture<ModeSwitch> result = running.engine().switchTriggerMode(target);
			try {
				assertThat(held.await(10, TimeUnit.SECONDS)).as("a loop reached the observer").isTrue();
				assertThat(result).isNotDone();
				assertThat(running.engine().triggerMode()).isEqualTo(startMode);
				assertThat(running.statistics().triggerMode()).isEqualTo(startMode);
			}
			finally {
				running.engine().setReadyListObserver(null);
				release.countDown();
			}
			ModeSwitch done = RunningEngine.join(result);
			assertThat(done.previous()).isEqualTo(startMode);
			assertThat(done.current()).isEqualTo(target);
			assertThat(done.connectionsRearmed()).isEqualTo(4);
			assertThat(running.engine().triggerMode()).isEqualTo(target);
			assertThat(running.statistics().triggerMode()).isEqualTo(target);
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, target, 4);
			connected.roundTripEach(100);
		}
	}

	@ParameterizedTest(name = "starting in {0}")
	@EnumSource(TriggerMode.class)
	void switchesAskedForBackToBackEachReportTheModeTheyLeft(TriggerMode startMode) throws Exception {
		try (RunningEngine running = RunningEngine.start(RunningEngine.config(startMode).withLoops(2));
				EchoClients connected = EchoClients.connect(running.address(), 4)) {
			connected.roundTripEach(100);
			TriggerMode first = next(startMode);
			TriggerMode second = next(first);
			CompletableFuture<ModeSwitch> one = running.engine().switchTriggerMode(first);
			CompletableFuture<ModeSwitch> two = running.engine().switchTriggerMode(second);
			assertThat(RunningEngine.join(one).previous()).isEqualTo(startMode);
			assertThat(RunningEngine.join(two).previous()).isEqualTo(first);
			assertThat(running.engine().triggerMode()).isEqualTo(second);
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, second, 4);
			connected.roundTripEach(100);
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static TriggerMode next(TriggerMode mode) {
		return TriggerMode.values()[(mode.ordinal() + 1) % TriggerMode.values().length];
	}

	static Stream<Arguments> modePairs() {
		return Arrays.stream(TriggerMode.values())
			.flatMap((from) -> Arrays.stream(TriggerMode.values())
				.filter((to) -> to != from)
				.map((to) -> Arguments.of(from, to)));
	}

}
