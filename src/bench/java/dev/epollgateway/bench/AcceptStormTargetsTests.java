package dev.epollgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.epollgateway.bench.AcceptStormTargets.Verdict;

/**
 * Issue 13's targets judged on given figures: the herd seen or not, the limits' edges, a missing cell, a lost byte.
 * Runs with {@code ./mvnw -Pbench test -Dtest=AcceptStormTargetsTests} (bench sources only).
 */
class AcceptStormTargetsTests {

	private final Map<String, Double> medians = new HashMap<>();

	private final Map<String, Double> maxima = new HashMap<>();

	private final AcceptStormTargets targets = new AcceptStormTargets(new AcceptStormTargets.Figures() {

		@Override
		public double median(String distribution, int loops, String figure) {
			return AcceptStormTargetsTests.this.medians.getOrDefault(key(distribution, loops, figure), Double.NaN);
		}

		@Override
		public double max(String distribution, int loops, String figure) {
			return AcceptStormTargetsTests.this.maxima.getOrDefault(key(distribution, loops, figure), Double.NaN);
		}

	});

	/** Every cell measured: a full herd on shared, one wakeup per connection elsewhere, nothing lost. */
	@BeforeEach
	void everyCellClean() {
		for (int loops : AcceptStormWorkload.LOOPS) {
			for (String d : AcceptStormWorkload.distributions()) {
				boolean herd = d.equals("shared");
				this.medians.put(key(d, loops, "wakeupsPerAccepted"), herd ? loops : 1.0);
				this.medians.put(key(d, loops, "loopVoluntaryCsPerAccepted"), herd ? 1.0 + loops : 2.0);
				this.maxima.put(key(d, loops, "lostBytes"), 0.0);
				this.maxima.put(key(d, loops, "mismatches"), 0.0);
				this.maxima.put(key(d, loops, "failures"), 0.0);
			}
		}
	}

	@Test
	void aFullHerdOnSharedAndNoneElsewhereMeetsEveryTarget() {
		assertThat(this.targets.rows()).extracting(AcceptStormTargets.Row::verdict).containsOnly(Verdict.MET);
	}

	@Test
	void theHerdNeedsEightTenthsOfTheLoopsAtFourLoopsAndMore() {
		this.medians.put(key("shared", 4, "wakeupsPerAccepted"), 3.2);
		assertThat(this.targets.herd().verdict()).isEqualTo(Verdict.MET);
		this.medians.put(key("shared", 8, "wakeupsPerAccepted"), 6.3);
		assertThat(this.targets.herd().verdict()).isEqualTo(Verdict.NOT_MET);
	}

	@Test
	void fewerLoopsThanFourDoNotCountForTheHerd() {
		this.medians.put(key("shared", 2, "wakeupsPerAccepted"), 0.3);
		assertThat(this.targets.herd().verdict()).isEqualTo(Verdict.MET);
	}

	@Test
	void aCounterThatHidesTheHerdFailsItEvenWhenTheSwitchesShowIt() {
		for (int loops : AcceptStormWorkload.LOOPS) {
			this.medians.put(key("shared", loops, "wakeupsPerAccepted"), 0.3);
		}
		assertThat(this.targets.herd().verdict()).isEqualTo(Verdict.NOT_MET);
		assertThat(this.targets.witness().verdict()).isEqualTo(Verdict.MET);
	}

	@Test
	void noHerdAllowsUpToOnePointTwoWakeupsAtEveryLoopCount() {
		this.medians.put(key("exclusive", 8, "wakeupsPerAccepted"), 1.2);
		assertThat(this.targets.noHerd("exclusive").verdict()).isEqualTo(Verdict.MET);
		this.medians.put(key("exclusive", 2, "wakeupsPerAccepted"), 1.21);
		assertThat(this.targets.noHerd("exclusive").verdict()).isEqualTo(Verdict.NOT_MET);
		assertThat(this.targets.noHerd("reuseport").verdict()).isEqualTo(Verdict.MET);
	}

	@Test
	void aMissingCellIsNotMeasuredRatherThanMet() {
		this.medians.remove(key("reuseport", 8, "wakeupsPerAccepted"));
		assertThat(this.targets.noHerd("reuseport").verdict()).isEqualTo(Verdict.NOT_MEASURED);
		this.maxima.remove(key("exclusive", 1, "lostBytes"));
		assertThat(this.targets.nothingLost().verdict()).isEqualTo(Verdict.NOT_MEASURED);
	}

	@Test
	void oneLostOrMismatchedByteInOneCellFailsTheDataTarget() {
		this.maxima.put(key("reuseport", 2, "mismatches"), 1.0);
		assertThat(this.targets.nothingLost().verdict()).isEqualTo(Verdict.NOT_MET);
		this.maxima.put(key("reuseport", 2, "mismatches"), 0.0);
		this.maxima.put(key("shared", 8, "lostBytes"), 64.0);
		assertThat(this.targets.nothingLost().verdict()).isEqualTo(Verdict.NOT_MET);
	}

	@Test
	void theWitnessComparesSharedWithReuseportAtTheSameLoops() {
		// 0.8 x (8 - 1) = 5.6 more switches per connection are needed at 8 loops
		this.medians.put(key("shared", 8, "loopVoluntaryCsPerAccepted"), 2.0 + 5.5);
		assertThat(this.targets.witness().verdict()).isEqualTo(Verdict.NOT_MET);
	}

	private static String key(String distribution, int loops, String figure) {
		return distribution + "/" + loops + "/" + figure;
	}

}
