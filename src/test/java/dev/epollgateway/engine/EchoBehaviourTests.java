package dev.epollgateway.engine;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The echo behaviour suite, written once and run in every trigger mode: real sockets on loopback, every echoed byte
 * checked in order against what was sent.
 */
@ParameterizedClass(name = "{0} in {1}")
@MethodSource("dev.epollgateway.engine.BackendModes#valid")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoBehaviourTests {

	private static final int KIB = 1024;

	private static final int MIB = 1024 * KIB;

	private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(60);

	private final EventSource source;

	private final TriggerMode mode;

	EchoBehaviourTests(EventSource source, TriggerMode mode) {
		this.source = source;
		this.mode = mode;
	}

	@Test
	void echoesOneByteInEveryMode() throws Exception {
		echoesStreamThenClosesCleanly(RunningEngine.config(this.source, this.mode), 1, 1);
	}

	@Test
	void echoesSixtyFourBytesInEveryMode() throws Exception {
		echoesStreamThenClosesCleanly(RunningEngine.config(this.source, this.mode), 64, 64);
	}

	@ParameterizedTest(name = "{0} buffers")
	@EnumSource(BufferProfile.class)
	void echoesOneMebibyteWrittenAtOnceByteExactInEveryMode(BufferProfile buffers) throws Exception {
		echoesStreamThenClosesCleanly(buffers.apply(RunningEngine.config(this.source, this.mode)), MIB, MIB);
	}

	@ParameterizedTest(name = "{0} buffers")
	@EnumSource(BufferProfile.class)
	void echoesSixteenMebibytesStreamedByteExactInEveryMode(BufferProfile buffers) throws Exception {
		echoesStreamThenClosesCleanly(buffers.apply(RunningEngine.config(this.source, this.mode)), 16 * MIB,
				256 * KIB);
	}

	@Test
	void echoesWhatFollowsUrgentDataWithoutWaitingForMoreInEveryMode() throws Exception {
		// A read that stops short does not prove the socket empty: it stops at TCP's urgent mark while data after it is
		// queued, and no new edge will come for that data. Edge mode must read on to EAGAIN (the chapter's price); a
		// "short read means drained" shortcut would strand "def" here. Without SO_OOBINLINE the urgent byte itself
		// is not part of the stream.
		try (RunningEngine running = RunningEngine.start(this.source, this.mode); Socket socket = new Socket()) {
			// Everything is queued before the engine accepts, so registering the socket raises the one edge there is.
			running.engine().pauseAccepting().get(5, TimeUnit.SECONDS);
			socket.setTcpNoDelay(true);
			socket.connect(running.address(), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("abc".getBytes(StandardCharsets.US_ASCII));
			socket.sendUrgentData('X');
			out.write("def".getBytes(StandardCharsets.US_ASCII));
			Thread.sleep(100);
			running.engine().resumeAccepting().get(5, TimeUnit.SECONDS);
			byte[] echoed = socket.getInputStream().readNBytes(6);
			assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo("abcdef");
		}
	}

	@Test
	void echoesManySmallMessagesInOrderInEveryMode() throws Exception {
		Random random = new Random(this.mode.ordinal());
		try (RunningEngine running = RunningEngine.start(this.source, this.mode);
				EchoClient client = EchoClient.connect(running.address())) {
			for (int i = 0; i < 2_000; i++) {
				client.roundTrip(1 + random.nextInt(512));
			}
			assertThat(client.received()).isEqualTo(client.sent());
			client.shutdownOutput();
			client.expectEof(Duration.ofSeconds(10));
		}
	}

	@Test
	void echoesHundredsOfConcurrentClientsOfQuarterMebibyteEachInEveryMode() throws Exception {
		// The clients live in this process too: on select, 500 of them would push the server's fds past FD_SETSIZE.
		int clients = (this.source.backend() == BackendKind.SELECT) ? 300 : 500;
		long perClient = 256 * KIB;
		try (RunningEngine running = RunningEngine.start(this.source, this.mode);
				EchoSwarm swarm = EchoSwarm.start(running.address(), clients, perClient, 64 * KIB)) {
			swarm.awaitConnected(Duration.ofSeconds(30));
			swarm.awaitFinished(Duration.ofSeconds(90));
			assertThat(swarm.echoed()).containsOnly(perClient);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				EngineStatistics statistics = running.statistics();
				assertThat(statistics.connections().active()).isZero();
				assertThat(statistics.connections().accepted()).isEqualTo(clients);
				assertThat(statistics.connections().closed()).containsEntry(CloseReason.PEER_CLOSED, (long) clients);
				assertThat(statistics.traffic().bytesIn()).isEqualTo(clients * perClient);
				assertThat(statistics.traffic().bytesOut()).isEqualTo(clients * perClient);
			});
		}
	}

	@Test
	void smallClientsKeepEchoingNextToAFirehoseInEveryMode() throws Exception {
		int small = 50;
		try (RunningEngine running = RunningEngine.start(this.source, this.mode);
				EchoSwarm firehose = EchoSwarm.start(running.address(), 1, Long.MAX_VALUE, 4 * MIB)) {
			firehose.awaitConnected(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).until(() -> firehose.echoed()[0] > 16 * MIB);
			// Every small client completes its round trips while the firehose keeps streaming.
			try (EchoSwarm smallClients = EchoSwarm.start(running.address(), small, 64 * KIB, 512)) {
				smallClients.awaitConnected(Duration.ofSeconds(10));
				smallClients.awaitFinished(Duration.ofSeconds(60));
			}
			long echoedBefore = firehose.echoed()[0];
			await().atMost(Duration.ofSeconds(10)).until(() -> firehose.echoed()[0] > echoedBefore);
			firehose.finish();
			firehose.awaitFinished(Duration.ofSeconds(30));
		}
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 0, 1, 64 * KIB + 3, MIB })
	void echoesExactlyWhatArrivedBeforeHalfCloseThenSendsEof(int size) throws Exception {
		try (RunningEngine running = RunningEngine.start(this.source, this.mode);
				EchoClient client = EchoClient.connect(running.address())) {
			CompletableFuture<Void> writer = client.startWritingThenShutdown(size, 64 * KIB);
			client.readAndVerify(size, STREAM_TIMEOUT);
			writer.get(10, TimeUnit.SECONDS);
			client.expectEof(Duration.ofSeconds(10));
			assertThat(client.received()).isEqualTo(size);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(running.engine().activeConnections()).isZero();
				assertThat(running.statistics().connections().closed()).containsEntry(CloseReason.PEER_CLOSED, 1L);
			});
		}
	}

	/** Streams {@code size} bytes while reading concurrently, then half-closes and expects a clean EOF. */
	private static void echoesStreamThenClosesCleanly(EngineConfig config, long size, int maxChunk) throws Exception {
		try (RunningEngine running = RunningEngine.start(config);
				EchoClient client = EchoClient.connect(running.address())) {
			client.stream(size, maxChunk, STREAM_TIMEOUT);
			assertThat(client.received()).isEqualTo(size);
			client.shutdownOutput();
			client.expectEof(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				EngineStatistics.Traffic traffic = running.statistics().traffic();
				assertThat(traffic.bytesIn()).isEqualTo(size);
				assertThat(traffic.bytesOut()).isEqualTo(size);
			});
		}
	}

	/** Engine buffer sizes: the defaults, and small ones that force many reads, short writes and backpressure. */
	enum BufferProfile {

		DEFAULT(64 * KIB, 128 * KIB, 32 * KIB), SMALL(1 * KIB, 4 * KIB, 1 * KIB);

		private final int readBuffer;

		private final int highWatermark;

		private final int lowWatermark;

		BufferProfile(int readBuffer, int highWatermark, int lowWatermark) {
			this.readBuffer = readBuffer;
			this.highWatermark = highWatermark;
			this.lowWatermark = lowWatermark;
		}

		EngineConfig apply(EngineConfig config) {
			return config.withBuffers(this.readBuffer, this.highWatermark, this.lowWatermark);
		}

	}

}
