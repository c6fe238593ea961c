package dev.epollgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The share and fairness of the accept storm's per-loop counts. Runs with
 * {@code ./mvnw -Pbench test -Dtest=LoopShareTests} (bench sources only).
 */
class LoopShareTests {

	@Test
	void evenCountsAreFairAndShareOne() {
		long[] counts = { 250, 250, 250, 250 };
		assertThat(LoopShare.jainIndex(counts)).isEqualTo(1.0);
		assertThat(LoopShare.largestOverSmallest(counts)).isEqualTo(1.0);
	}

	@Test
	void oneLoopTakingEverythingGivesOneOverN() {
		long[] counts = { 0, 0, 0, 0, 0, 0, 0, 800 };
		assertThat(LoopShare.jainIndex(counts)).isCloseTo(1.0 / 8, within(1e-12));
		assertThat(LoopShare.largestOverSmallest(counts)).isInfinite();
	}

	@Test
	void unevenCountsFollowJainsFormula() {
		// (1 + 2 + 3)^2 / (3 * (1 + 4 + 9)) = 36 / 42
		long[] counts = { 1, 2, 3 };
		assertThat(LoopShare.jainIndex(counts)).isCloseTo(36.0 / 42, within(1e-12));
		assertThat(LoopShare.largestOverSmallest(counts)).isEqualTo(3.0);
	}

	@Test
	void noConnectionsAtAllCountAsEven() {
		assertThat(LoopShare.jainIndex(new long[] { 0, 0 })).isEqualTo(1.0);
		assertThat(LoopShare.largestOverSmallest(new long[] { 0, 0 })).isEqualTo(1.0);
	}

}
