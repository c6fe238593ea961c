package dev.epollgateway.console;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StatisticsHistory}: the most recent samples, oldest first, never more than the capacity.
 */
class StatisticsHistoryTests {

	@Test
	void keepsEverySampleOldestFirstUntilFull() {
		StatisticsHistory history = new StatisticsHistory(3);
		history.add(sample(1));
		history.add(sample(2));
		assertThat(history.samples()).extracting(StatisticsSample::at).containsExactly(1L, 2L);
	}

	@Test
	void dropsTheOldestOnceFull() {
		StatisticsHistory history = new StatisticsHistory(3);
		for (long at = 1; at <= 7; at++) {
			history.add(sample(at));
		}
		assertThat(history.samples()).extracting(StatisticsSample::at).containsExactly(5L, 6L, 7L);
	}

	@Test
	void aCapacityBelowOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new StatisticsHistory(0)).withMessageContaining("0");
	}

	static StatisticsSample sample(long at) {
		return new StatisticsSample(at, "RUNNING", "LEVEL", 0, "EPOLL", 0, 0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				0, 0, 0, 0);
	}

}
