package dev.epollgateway.bench;

import dev.epollgateway.engine.AcceptShare;

/**
 * How evenly the loops shared the connections accepted in one window: the largest count over the smallest and Jain's
 * fairness index, worked out by the runner from the per-loop deltas of the gateway's counters (the engine's own
 * figures cover everything since start, warm-up included) with the engine's {@link AcceptShare}; unbounded shares
 * are infinite here, as the report prints them.
 * <p>
 * Threading: stateless.
 */
final class LoopShare {

	private LoopShare() {
	}

	/**
	 * The largest count over the smallest: 1 when every loop has as many (or none has any); infinite when one loop has
	 * none and another some.
	 */
	static double largestOverSmallest(long[] counts) {
		Double share = AcceptShare.largestOverSmallest(counts);
		return (share != null) ? share : Double.POSITIVE_INFINITY;
	}

	/**
	 * Jain's fairness index {@code (Σx)² / (n·Σx²)}: 1 when even, {@code 1/n} when one loop has them all; 1 for none.
	 */
	static double jainIndex(long[] counts) {
		return AcceptShare.jainIndex(counts);
	}

}
