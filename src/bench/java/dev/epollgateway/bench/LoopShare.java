package dev.epollgateway.bench;

/**
 * How evenly the loops shared the connections accepted in one window: the largest count over the smallest and Jain's
 * fairness index, worked out by the runner from the per-loop deltas of the gateway's counters (the engine's own
 * figures cover everything since start, warm-up included).
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
		long largest = 0;
		long smallest = Long.MAX_VALUE;
		for (long count : counts) {
			largest = Math.max(largest, count);
			smallest = Math.min(smallest, count);
		}
		if (largest == 0) {
			return 1;
		}
		return (smallest == 0) ? Double.POSITIVE_INFINITY : (double) largest / smallest;
	}

	/**
	 * Jain's fairness index {@code (Σx)² / (n·Σx²)}: 1 when even, {@code 1/n} when one loop has them all; 1 for none.
	 */
	static double jainIndex(long[] counts) {
		double sum = 0;
		double sumOfSquares = 0;
		for (long count : counts) {
			sum += count;
			sumOfSquares += (double) count * count;
		}
		return (sumOfSquares == 0) ? 1 : (sum * sum) / (counts.length * sumOfSquares);
	}

}
