package dev.epollgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The shared-epoll workload's figures that need no server, and its server kinds. Runs with
 * {@code ./mvnw -Pbench test -Dtest=SharedEpollWorkloadTests} (bench sources only).
 */
class SharedEpollWorkloadTests {

	@Test
	void theGuardsCountsOverTheWindowArePerThousandEvents() throws Exception {
		Map<String, Long> before = stats(1_000, 500, 10, 1, 4, 0, 700);
		Map<String, Long> after = stats(5_000, 2_500, 410, 3, 44, 0, 3_900);
		Map<String, Double> figures = new HashMap<>();
		SharedEpollWorkload.sharing(before, after, figures);
		assertThat(figures.get("events")).isEqualTo(4_000.0);
		assertThat(figures.get("eventsPerMsg")).isEqualTo(2.0);
		assertThat(figures.get("collisionsPerKEvents")).isEqualTo(100.0);
		assertThat(figures.get("lateHandoffsPerKEvents")).isEqualTo(0.5);
		assertThat(figures.get("drainedReadsPerKEvents")).isEqualTo(10.0);
		assertThat(figures.get("rearmsPerKEvents")).isEqualTo(0.0);
		assertThat(figures.get("wakeupsPerKEvents")).isEqualTo(800.0);
	}

	@Test
	void aWindowWithoutEventsHasNoRatios() throws Exception {
		Map<String, Long> same = stats(1_000, 500, 10, 1, 4, 0, 700);
		Map<String, Double> figures = new HashMap<>();
		SharedEpollWorkload.sharing(same, same, figures);
		assertThat(figures.get("collisionsPerKEvents")).isNaN();
		assertThat(figures.get("eventsPerMsg")).isNaN();
	}

	@Test
	void aServerWithoutTheGuardsCountersIsAnError() {
		Map<String, Long> plain = Map.of("messages", 1L, "wakeups", 1L);
		assertThatIOException().isThrownBy(() -> SharedEpollWorkload.sharing(plain, plain, new HashMap<>()))
			.withMessageContaining("shareEvents");
	}

	@Test
	void sixServersOneTopologyAndModeEach() {
		assertThat(TopologyEchoServer.KINDS).containsExactly("gateway-shared-level", "gateway-shared-edge",
				"gateway-shared-oneshot", "gateway-loops4-level", "gateway-loops4-edge", "gateway-loops4-oneshot");
		assertThat(TopologyEchoServer.mode("gateway-loops4-oneshot")).isEqualTo("oneshot");
		assertThat(TopologyEchoServer.shared("gateway-shared-edge")).isTrue();
		assertThat(TopologyEchoServer.shared("gateway-loops4-edge")).isFalse();
		assertThat(SharedEpollWorkload.runsOn("gateway-level")).isFalse();
	}

	private static Map<String, Long> stats(long events, long messages, long collisions, long lateHandoffs,
			long drainedReads, long rearms, long wakeups) {
		Map<String, Long> stats = new HashMap<>();
		stats.put("shareEvents", events);
		stats.put("messages", messages);
		stats.put("shareCollisions", collisions);
		stats.put("shareLateHandoffs", lateHandoffs);
		stats.put("shareDrainedReads", drainedReads);
		stats.put("shareRearms", rearms);
		stats.put("wakeups", wakeups);
		return stats;
	}

}
