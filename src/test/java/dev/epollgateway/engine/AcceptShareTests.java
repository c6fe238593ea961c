package dev.epollgateway.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link AcceptShare}: the ratio of the busiest loop to the quietest, and Jain's fairness index.
 */
class AcceptShareTests {

	@Test
	void evenLoopsAreFairAndShareOneToOne() {
		assertThat(AcceptShare.largestOverSmallest(new long[] { 5, 5, 5, 5 })).isEqualTo(1.0);
		assertThat(AcceptShare.jainIndex(new long[] { 5, 5, 5, 5 })).isEqualTo(1.0);
	}

	@Test
	void oneLoopTakingEverythingHasAnUnboundedShareAndAFairnessOfOneOverLoops() {
		assertThat(AcceptShare.largestOverSmallest(new long[] { 80, 0, 0, 0 })).isNull();
		assertThat(AcceptShare.jainIndex(new long[] { 80, 0, 0, 0 })).isEqualTo(0.25);
	}

	@Test
	void unevenLoopsGiveTheRatioAndTheIndex() {
		assertThat(AcceptShare.largestOverSmallest(new long[] { 30, 10, 20 })).isEqualTo(3.0);
		// (60)^2 / (3 * (900 + 100 + 400)) = 3600 / 4200
		assertThat(AcceptShare.jainIndex(new long[] { 30, 10, 20 })).isCloseTo(6.0 / 7.0, within(1e-12));
	}

	@Test
	void beforeAnyConnectionBothAreOne() {
		assertThat(AcceptShare.largestOverSmallest(new long[] { 0, 0 })).isEqualTo(1.0);
		assertThat(AcceptShare.jainIndex(new long[] { 0, 0 })).isEqualTo(1.0);
	}

}
