package dev.epollgateway.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.epollgateway.engine.nativeio.FdSets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the readiness backends refuse, and select's fds at or above {@code FD_SETSIZE}: on real sockets, in this
 * process.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackendsTests {

	@ParameterizedTest(name = "{1} on {0}")
	@MethodSource("dev.epollgateway.engine.BackendModes#refused")
	void aTriggerModeOtherThanLevelIsRefusedAtStartOnPollAndSelectNamingBothSettings(BackendKind backend,
			TriggerMode mode) {
		EpollEngine engine = new EpollEngine(RunningEngine.config(backend, TriggerMode.LEVEL).withTriggerMode(mode));
		assertThatThrownBy(engine::start).isInstanceOf(EngineStartException.class)
			.hasMessageContaining("gateway.engine.trigger-mode=" + mode.name().toLowerCase(Locale.ROOT))
			.hasMessageContaining("gateway.engine.backend=epoll")
			.hasMessageContaining(backend.tag() + " is level-triggered only");
		assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
		assertThat(engine.localAddress()).as("nothing bound").isNull();
	}

	@Test
	void selectIsRefusedAtStartWhenMaxConnectionsCouldExceedFdSetSize() {
		int limit = Backends.selectConnectionLimit(2);
		EngineConfig config = RunningEngine.config(BackendKind.SELECT, TriggerMode.LEVEL)
			.withLoops(2)
			.withMaxConnections(limit + 1);
		EpollEngine engine = new EpollEngine(config);
		assertThatThrownBy(engine::start).isInstanceOf(EngineStartException.class)
			.hasMessageContaining("gateway.engine.backend=select")
			.hasMessageContaining("gateway.engine.max-connections=" + (limit + 1))
			.hasMessageContaining("FD_SETSIZE (1024)")
			.hasMessageContaining("at most " + limit);
		assertThat(engine.localAddress()).as("nothing bound").isNull();
	}

	@Test
	void selectStartsAtItsConnectionLimitAndEchoes() throws Exception {
		EngineConfig config = RunningEngine.config(BackendKind.SELECT, TriggerMode.LEVEL)
			.withMaxConnections(Backends.selectConnectionLimit(1));
		try (RunningEngine running = RunningEngine.start(config);
				EchoClient client = EchoClient.connect(running.address())) {
			client.stream(4L * 1024 * 1024, 64 * 1024, Duration.ofSeconds(30));
			assertThat(client.received()).isEqualTo(client.sent());
		}
	}

	@ParameterizedTest(name = "to {0} on poll and select")
	@EnumSource(value = TriggerMode.class, names = { "EDGE", "ONESHOT" })
	void aLiveSwitchToEdgeOrOneshotIsRefusedOffEpollAndChangesNothing(TriggerMode mode) throws Exception {
		for (BackendKind backend : List.of(BackendKind.POLL, BackendKind.SELECT)) {
			try (RunningEngine running = RunningEngine.start(backend, TriggerMode.LEVEL);
					EchoClient client = EchoClient.connect(running.address())) {
				client.roundTrip(100);
				assertThatThrownBy(() -> running.engine().switchTriggerMode(mode).get(10, TimeUnit.SECONDS))
					.isInstanceOf(ExecutionException.class)
					.cause()
					.isInstanceOf(UnsupportedSettingException.class)
					.hasMessageContaining("gateway.engine.trigger-mode=" + mode.name().toLowerCase(Locale.ROOT))
					.hasMessageContaining("gateway.engine.backend=epoll");
				assertThat(running.engine().triggerMode()).isEqualTo(TriggerMode.LEVEL);
				assertThat(running.statistics().modeSwitches().count()).isZero();
				client.roundTrip(1000);
				assertThat(client.received()).isEqualTo(client.sent());
			}
		}
	}

	@Test
	void selectClosesAndCountsAConnectionWhoseFdIsAtOrAboveFdSetSizeAndKeepsServingTheOthers() throws Exception {
		List<EngineEvent> events = new CopyOnWriteArrayList<>();
		try (RunningEngine running = RunningEngine.start(BackendKind.SELECT, TriggerMode.LEVEL);
				EchoClient first = EchoClient.connect(running.address())) {
			running.engine().addEventListener(events::add);
			first.roundTrip(512);
			List<FileChannel> idle = new ArrayList<>();
			try {
				// fds are handed out lowest-free first: with every number below FD_SETSIZE taken, the next accepted
				// socket's fd is above it.
				while (idle.size() < FdSets.FD_SETSIZE + 16) {
					idle.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
				}
				try (EchoClient beyond = EchoClient.connect(running.address())) {
					beyond.write(64);
					// Closed at once without an echo: a FIN, or a reset when the 64 bytes arrived before the close.
					beyond.awaitServerClose(Duration.ofSeconds(10));
				}
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(running.statistics().connections().rejected())
						.containsEntry(RejectReason.FD_SETSIZE, 1L));
				first.roundTrip(4096);
				assertThat(first.received()).isEqualTo(first.sent());
			}
			finally {
				closeAll(idle);
			}
			try (EchoClient after = EchoClient.connect(running.address())) {
				after.stream(1024L * 1024, 16 * 1024, Duration.ofSeconds(30));
				assertThat(after.received()).isEqualTo(after.sent());
			}
			EngineStatistics.Connections connections = running.statistics().connections();
			assertThat(connections.rejected()).containsEntry(RejectReason.FD_SETSIZE, 1L);
			assertThat(connections.accepted()).isEqualTo(2);
			assertThat(events).filteredOn((event) -> event.type() == EngineEvent.Type.CONNECTION_REJECTED)
				.singleElement()
				.satisfies((event) -> {
					assertThat(event.rejectReason()).isEqualTo(RejectReason.FD_SETSIZE);
					assertThat(event.detail()).contains("FD_SETSIZE");
				});
			InterestList interest = RunningEngine.join(running.engine().interestList());
			assertThat(interest.loops()).allSatisfy((loop) -> assertThat(loop.agrees()).isTrue());
		}
	}

	@Test
	void epollAndPollAcceptFdsAboveFdSetSize() throws Exception {
		for (BackendKind backend : List.of(BackendKind.EPOLL, BackendKind.POLL)) {
			try (RunningEngine running = RunningEngine.start(backend, TriggerMode.LEVEL)) {
				List<FileChannel> idle = new ArrayList<>();
				try {
					while (idle.size() < FdSets.FD_SETSIZE + 16) {
						idle.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
					}
					try (EchoClient client = EchoClient.connect(running.address())) {
						client.stream(1024L * 1024, 16 * 1024, Duration.ofSeconds(30));
						assertThat(client.received()).as("on %s", backend).isEqualTo(client.sent());
						assertThat(running.connections()).singleElement()
							.satisfies((info) -> assertThat(info.fd()).isGreaterThanOrEqualTo(FdSets.FD_SETSIZE));
					}
				}
				finally {
					closeAll(idle);
				}
				assertThat(running.statistics().connections().rejected()).containsEntry(RejectReason.FD_SETSIZE, 0L);
			}
		}
	}

	private static void closeAll(List<FileChannel> channels) throws IOException {
		for (FileChannel channel : channels) {
			channel.close();
		}
	}

}
