package dev.epollgateway.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.AcceptDistribution;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.EngineState;
import dev.epollgateway.engine.EngineStatistics;
import dev.epollgateway.engine.Topology;
import dev.epollgateway.engine.TriggerMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link StatisticsSample#between}: the counters' differences over the interval as rates per second and
 * ratios per message, the gauges as they are at its end.
 */
class StatisticsSampleTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void countersBecomeRatesPerSecondOverTheInterval() {
		EngineStatistics before = statistics(T0, TriggerMode.LEVEL, 100, 1000, 10_000, 0);
		EngineStatistics after = statistics(T0.plusMillis(2000), TriggerMode.LEVEL, 300, 3000, 30_000, 0);
		StatisticsSample sample = StatisticsSample.between(before, after);
		assertThat(sample.at()).isEqualTo(T0.plusMillis(2000).toEpochMilli());
		assertThat(sample.wakeups()).isCloseTo(100, within(1e-9));
		assertThat(sample.messages()).isCloseTo(1000, within(1e-9));
		assertThat(sample.bytesIn()).isCloseTo(10_000, within(1e-9));
	}

	@Test
	void systemCallsAreCountedPerEchoedMessageOfTheIntervalOnly() {
		EngineStatistics before = statistics(T0, TriggerMode.EDGE, 100, 1000, 0, 0);
		EngineStatistics after = statistics(T0.plusSeconds(1), TriggerMode.EDGE, 300, 1200, 0, 0);
		StatisticsSample sample = StatisticsSample.between(before, after);
		// 200 more messages; reads 2 per message, EAGAIN reads 1 per wakeup (200 wakeups), writes 1 per message.
		assertThat(sample.readsPerMessage()).isCloseTo(2, within(1e-9));
		assertThat(sample.eagainReadsPerMessage()).isCloseTo(1, within(1e-9));
		assertThat(sample.writesPerMessage()).isCloseTo(1, within(1e-9));
		assertThat(sample.epollWaitsPerMessage()).isCloseTo(1, within(1e-9));
		assertThat(sample.syscallsPerMessage()).isCloseTo(4, within(1e-9));
		assertThat(sample.eventsPerWakeup()).isCloseTo(1, within(1e-9));
		assertThat(sample.eventsPerWakeupHistogram()).containsExactly(0L, 200L, 0L);
	}

	@Test
	void anIntervalWithoutMessagesHasNoPricePerMessage() {
		EngineStatistics before = statistics(T0, TriggerMode.LEVEL, 100, 1000, 0, 0);
		EngineStatistics after = statistics(T0.plusSeconds(1), TriggerMode.LEVEL, 100, 1000, 0, 0);
		StatisticsSample sample = StatisticsSample.between(before, after);
		assertThat(sample.syscallsPerMessage()).isZero();
		assertThat(sample.eventsPerWakeup()).isZero();
	}

	@Test
	void aSwitchShowsAsTheNewModeAndTheSwitchCount() {
		EngineStatistics before = statistics(T0, TriggerMode.LEVEL, 0, 0, 0, 0);
		EngineStatistics after = statistics(T0.plusSeconds(1), TriggerMode.ONESHOT, 0, 0, 0, 1);
		StatisticsSample sample = StatisticsSample.between(before, after);
		assertThat(sample.triggerMode()).isEqualTo("ONESHOT");
		assertThat(sample.modeSwitches()).isEqualTo(1);
		assertThat(sample.backend()).isEqualTo("EPOLL");
		assertThat(sample.backendSwitches()).isZero();
	}

	@Test
	void aBackendSwitchShowsAsTheNewBackendAndItsCount() {
		EngineStatistics before = statistics(T0, TriggerMode.LEVEL, 0, 0, 0, 0);
		EngineStatistics after = statistics(T0.plusSeconds(1), TriggerMode.LEVEL, 0, 0, 0, 0, BackendKind.POLL, 1);
		StatisticsSample sample = StatisticsSample.between(before, after);
		assertThat(sample.backend()).isEqualTo("POLL");
		assertThat(sample.backendSwitches()).isEqualTo(1);
		assertThat(sample.modeSwitches()).isZero();
	}

	@Test
	void loopTimeSplitsIntoWaitAndProcessingShares() {
		EngineStatistics before = statistics(T0, TriggerMode.LEVEL, 0, 0, 0, 0);
		EngineStatistics after = statistics(T0.plusSeconds(1), TriggerMode.LEVEL, 1, 0, 0, 0);
		StatisticsSample sample = StatisticsSample.between(before, after);
		assertThat(sample.waitShare() + sample.processShare()).isCloseTo(1, within(1e-9));
		assertThat(sample.waitShare()).isCloseTo(0.75, within(1e-9));
	}

	/**
	 * Counters as an engine with {@code wakeups} wakeups of one event each and {@code messages} messages would show
	 * them: two reads per message, one EAGAIN read per wakeup, one write per message, 3 ns waiting for every 1 ns of
	 * processing per wakeup.
	 */
	private static EngineStatistics statistics(Instant at, TriggerMode mode, long wakeups, long messages, long bytes,
			long switches) {
		return statistics(at, mode, wakeups, messages, bytes, switches, BackendKind.EPOLL, 0);
	}

	private static EngineStatistics statistics(Instant at, TriggerMode mode, long wakeups, long messages, long bytes,
			long switches, BackendKind backend, long backendSwitches) {
		return new EngineStatistics(at, EngineState.RUNNING, mode, 1,
				new EngineStatistics.Connections(3, 3, Map.of(), Map.of()),
				new EngineStatistics.ReadyList(wakeups, 0, 0, wakeups,
						0, List.of(new EngineStatistics.Bucket(0, 0), new EngineStatistics.Bucket(1, wakeups),
								new EngineStatistics.Bucket(Long.MAX_VALUE, 0)),
						0, 0, 0),
				new EngineStatistics.Buffers(0, 0, 0, 0, 0, 65536, 131072, 32768),
				new EngineStatistics.Syscalls(wakeups, 2 * messages, wakeups, messages, 0, 0, 0, 0, 0, 0, 0),
				new EngineStatistics.Traffic(bytes, bytes, messages),
				new EngineStatistics.LoopTiming(wakeups, 3 * wakeups, wakeups),
				new EngineStatistics.ModeSwitches(switches, 0, 0),
				new EngineStatistics.Backend(backend, backendSwitches, 0, 0, Map.of()),
				new EngineStatistics.AcceptPath(AcceptDistribution.REUSEPORT, false, 0, 3, 3, 0, 1.0, 1.0, List.of()),
				new EngineStatistics.ThreadSharing(Topology.LOOP_PER_THREAD,
						new EngineStatistics.SharingCounts(wakeups, 0, 0, 0, 0), Map.of()));
	}

}
