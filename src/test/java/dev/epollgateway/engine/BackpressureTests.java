package dev.epollgateway.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.epollgateway.engine.query.ConnectionInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that does not read cannot grow the server's memory: its write backlog stays within the high watermark
 * plus one read buffer, reading from it pauses, resumes once it reads again, and every byte still arrives intact.
 */
@ParameterizedClass(name = "{0} in {1}")
@MethodSource("dev.epollgateway.engine.BackendModes#valid")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackpressureTests {

	private static final int KIB = 1024;

	private static final int MIB = 1024 * KIB;

	private static final int READ_BUFFER = 64 * KIB;

	private static final int HIGH_WATERMARK = 256 * KIB;

	private static final int LOW_WATERMARK = 64 * KIB;

	private final EventSource source;

	private final TriggerMode mode;

	BackpressureTests(EventSource source, TriggerMode mode) {
		this.source = source;
		this.mode = mode;
	}

	@Test
	void slowReaderIsPausedWithinTheWatermarkAndGetsEveryByteOnceItReads() throws Exception {
		long total = 64L * MIB;
		try (RunningEngine running = RunningEngine.start(config(this.source, this.mode));
				EchoClient client = EchoClient.connect(running.address(), EchoClient.receiveBuffer(64 * KIB));
				BacklogSampler sampler = new BacklogSampler(running)) {
			long id = running.connectionOf(client).id();
			sampler.watch(id);
			CompletableFuture<Void> writer = client.startWriting(total, 256 * KIB);

			// Not reading: the engine must stop reading from this client.
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				EngineStatistics.Buffers buffers = running.statistics().buffers();
				assertThat(buffers.pausedReaders()).isEqualTo(1);
				assertThat(buffers.readPauses()).isPositive();
			});
			assertThat(running.connection(id)).hasValueSatisfying((info) -> {
				assertThat(info.readingPaused()).isTrue();
				assertThat(info.writeBacklogBytes()).isLessThanOrEqualTo(HIGH_WATERMARK + READ_BUFFER);
			});
			// Still not reading for a while: the writer stalls instead of the backlog growing.
			Thread.sleep(500);
			long stalledIn = running.connection(id).orElseThrow().bytesIn();
			assertThat(stalledIn).as("bytes the engine took in while the client did not read").isLessThan(total);

			// Reading again: reading resumes and everything comes back in order.
			client.readAndVerify(total, Duration.ofSeconds(90));
			writer.get(10, TimeUnit.SECONDS);
			client.shutdownOutput();
			client.expectEof(Duration.ofSeconds(10));
			sampler.close();

			System.out.printf("slow reader in %s: %d samples, backlog peak %d, connection backlog max %d (bound %d)%n",
					this.mode, sampler.samples(), sampler.maxBacklogPeak(), sampler.maxConnectionBacklog(),
					HIGH_WATERMARK + READ_BUFFER);
			assertThat(sampler.failure()).isNull();
			assertThat(sampler.samples()).isPositive();
			assertThat(sampler.maxBacklogPeak()).as("statistics().buffers().backlogBytesPeak() over the test")
				.isPositive()
				.isLessThanOrEqualTo(HIGH_WATERMARK + READ_BUFFER);
			assertThat(sampler.maxConnectionBacklog()).as("connection(id).writeBacklogBytes() over the test")
				.isLessThanOrEqualTo(HIGH_WATERMARK + READ_BUFFER);
			assertThat(sampler.maxTotalBacklog()).as("statistics().buffers().backlogBytes() over the test")
				.isLessThanOrEqualTo(HIGH_WATERMARK + READ_BUFFER);
			EngineStatistics.Buffers after = running.statistics().buffers();
			assertThat(after.pausedReaders()).isZero();
			assertThat(after.readPauses()).isPositive();
			assertThat(after.backlogBytes()).isZero();
		}
	}

	@Test
	void otherClientsKeepEchoingWhileSlowReadersArePaused() throws Exception {
		int slowReaders = 4;
		try (RunningEngine running = RunningEngine.start(config(this.source, this.mode))) {
			List<EchoClient> slow = new ArrayList<>();
			try {
				for (int i = 0; i < slowReaders; i++) {
					EchoClient client = EchoClient.connect(running.address(), EchoClient.receiveBuffer(64 * KIB));
					slow.add(client);
					client.startWriting(32L * MIB, 256 * KIB);
				}
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(running.statistics().buffers().pausedReaders())
						.isEqualTo(slowReaders));
				// Paused readers with full kernel buffers: a level-triggered EPOLLIN left armed would spin here.
				assertThat(running.loopIterationsOver(Duration.ofSeconds(1)))
					.as("loop iterations over 1 s with paused readers").isLessThan(20);
				assertPausedReadersAreRegisteredWithoutInputButWithTheModeBits(running, this.source.backend(), this.mode,
						slowReaders);

				try (EchoClient fast = EchoClient.connect(running.address())) {
					fast.stream(8L * MIB, 64 * KIB, Duration.ofSeconds(60));
				}
				EngineStatistics.Buffers buffers = running.statistics().buffers();
				assertThat(buffers.pausedReaders()).isEqualTo(slowReaders);
				assertThat(buffers.backlogBytes()).isLessThanOrEqualTo(slowReaders * (long) (HIGH_WATERMARK + READ_BUFFER));
				assertThat(buffers.backlogBytesPeak()).isLessThanOrEqualTo(HIGH_WATERMARK + READ_BUFFER);
			}
			finally {
				for (EchoClient client : slow) {
					client.abort();
				}
			}
		}
	}

	/**
	 * In the kernel's view, each paused connection has no {@code EPOLLIN} but keeps its mode bits (a {@code MOD}
	 * that drops {@code EPOLLET} while changing interest silently turns a socket level-triggered). On poll and
	 * select, whose interest lives in the loop's pollfd array or bitmaps, the loop's check of those against its
	 * connections must agree and no paused connection may ask for input.
	 */
	private static void assertPausedReadersAreRegisteredWithoutInputButWithTheModeBits(RunningEngine running,
			BackendKind backend, TriggerMode mode, int expected) throws IOException {
		InterestList interest = RunningEngine.join(running.engine().interestList());
		assertThat(interest.loops()).allSatisfy((loop) -> assertThat(loop.agrees()).as("loop %d agrees", loop.loop())
			.isTrue());
		if (backend != BackendKind.EPOLL) {
			List<ConnectionInfo> paused = running.connections().stream().filter(ConnectionInfo::readingPaused).toList();
			assertThat(paused).hasSize(expected);
			assertThat(paused).allSatisfy((info) -> assertThat(info.interest()).doesNotContain("EPOLLIN")
				.contains("EPOLLOUT"));
			return;
		}
		Map<Integer, KernelEpollView.Entry> kernel = KernelEpollView.read(interest.loops().get(0).epfd());
		List<ConnectionInfo> paused = running.connections().stream().filter(ConnectionInfo::readingPaused).toList();
		assertThat(paused).hasSize(expected);
		for (ConnectionInfo info : paused) {
			KernelEpollView.Entry entry = kernel.get(info.fd());
			assertThat(entry).as("kernel registration of paused connection %d", info.id()).isNotNull();
			assertThat(entry.events() & KernelEpollView.EPOLLIN).as("EPOLLIN in %s", entry).isZero();
			assertThat(entry.modeBits()).as("mode bits in %s", entry).isEqualTo(KernelEpollView.modeBits(mode));
		}
	}

	private static EngineConfig config(EventSource source, TriggerMode mode) {
		return RunningEngine.config(source, mode).withBuffers(READ_BUFFER, HIGH_WATERMARK, LOW_WATERMARK);
	}

	/**
	 * Samples the engine's backlog gauges on its own thread until closed: the global peak, the total and one
	 * connection's backlog.
	 */
	private static final class BacklogSampler implements AutoCloseable {

		private final RunningEngine running;

		private final AtomicLong maxBacklogPeak = new AtomicLong();

		private final AtomicLong maxTotalBacklog = new AtomicLong();

		private final AtomicLong maxConnectionBacklog = new AtomicLong();

		private final AtomicLong samples = new AtomicLong();

		private final AtomicLong watched = new AtomicLong(-1);

		private final AtomicBoolean active = new AtomicBoolean(true);

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final Thread thread;

		BacklogSampler(RunningEngine running) {
			this.running = running;
			this.thread = new Thread(this::sample, "backlog-sampler");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void watch(long id) {
			this.watched.set(id);
		}

		private void sample() {
			try {
				while (this.active.get()) {
					EngineStatistics.Buffers buffers = this.running.statistics().buffers();
					this.maxBacklogPeak.accumulateAndGet(buffers.backlogBytesPeak(), Math::max);
					this.maxTotalBacklog.accumulateAndGet(buffers.backlogBytes(), Math::max);
					long id = this.watched.get();
					if (id >= 0) {
						this.running.connection(id)
							.ifPresent((info) -> this.maxConnectionBacklog.accumulateAndGet(info.writeBacklogBytes(),
									Math::max));
					}
					this.samples.incrementAndGet();
					Thread.sleep(5);
				}
			}
			catch (Throwable ex) {
				this.failure.set(ex);
			}
		}

		long maxBacklogPeak() {
			return this.maxBacklogPeak.get();
		}

		long maxTotalBacklog() {
			return this.maxTotalBacklog.get();
		}

		long maxConnectionBacklog() {
			return this.maxConnectionBacklog.get();
		}

		long samples() {
			return this.samples.get();
		}

		Throwable failure() {
			return this.failure.get();
		}

		@Override
		public void close() throws InterruptedException {
			this.active.set(false);
			this.thread.join(5_000);
		}

	}

}
