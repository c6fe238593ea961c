package dev.epollgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The accept storm's per-cell figures that need no server. Runs with
 * {@code ./mvnw -Pbench test -Dtest=AcceptStormWorkloadTests} (bench sources only).
 */
class AcceptStormWorkloadTests {

	@Test
	void theQuietestLoopIsTheOneThatAcceptedFewestConnections() {
		Map<String, Double> figures = new HashMap<>();
		figures.put("voluntaryCsByLoop.0", 900.0);
		figures.put("voluntaryCsByLoop.1", 80.0);
		figures.put("voluntaryCsByLoop.2", 850.0);
		// loop 2 accepted the fewest but, woken for every connection, switched nearly once per connection
		AcceptStormWorkload.quietestLoop(new long[] { 700, 250, 50 }, 1000, figures);
		assertThat(figures.get("quietestLoopVoluntaryCsPerAccepted")).isEqualTo(0.85);
	}

	@Test
	void aQuietestLoopWithoutAThreadReadingIsNotMeasured() {
		Map<String, Double> figures = new HashMap<>();
		AcceptStormWorkload.quietestLoop(new long[] { 10, 0 }, 10, figures);
		assertThat(figures.get("quietestLoopVoluntaryCsPerAccepted")).isNaN();
	}

	@Test
	void everyCellOfLoopsAndDistributionsIsNamed() {
		assertThat(AcceptStormWorkload.distributions()).containsExactly("reuseport", "shared", "exclusive");
		assertThat(AcceptStormWorkload.workload(8)).isEqualTo("accept-storm-8");
	}

}
