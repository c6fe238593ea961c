package dev.epollgateway.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-size ring of the most recent samples, oldest first when read.
 * <p>
 * Threading: one writer (the sampler) and any number of readers (stream subscribers); every method holds the ring's
 * monitor for a copy of at most its capacity, never for I/O.
 */
final class StatisticsHistory {

	private final StatisticsSample[] ring;

	private int next;

	private int size;

	StatisticsHistory(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
		}
		this.ring = new StatisticsSample[capacity];
	}

	synchronized void add(StatisticsSample sample) {
		this.ring[this.next] = sample;
		this.next = (this.next + 1) % this.ring.length;
		this.size = Math.min(this.size + 1, this.ring.length);
	}

	/** The samples kept, oldest first. */
	synchronized List<StatisticsSample> samples() {
		List<StatisticsSample> samples = new ArrayList<>(this.size);
		int start = (this.next - this.size + this.ring.length) % this.ring.length;
		for (int i = 0; i < this.size; i++) {
			samples.add(this.ring[(start + i) % this.ring.length]);
		}
		return samples;
	}

	int capacity() {
		return this.ring.length;
	}

}
