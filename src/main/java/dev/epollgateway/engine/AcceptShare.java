package dev.epollgateway.engine;

/**
 * How evenly the loops share the accepted connections: the engine's statistics and the benchmark's per-window figures
 * use the same two measures.
 * <p>
 * Threading: stateless.
 */
public final class AcceptShare {

	private AcceptShare() {
	}

	/**
	 * The largest count over the smallest: 1 when every loop has as many; {@code null} while one loop has none and
	 * another has some (the ratio is unbounded), and 1 when none has any.
	 */
	public static Double largestOverSmallest(long[] counts) {
		long largest = 0;
		long smallest = Long.MAX_VALUE;
		for (long count : counts) {
			largest = Math.max(largest, count);
			smallest = Math.min(smallest, count);
		}
		if (largest == 0) {
			return 1.0;
		}
		return (smallest == 0) ? null : (double) largest / smallest;
	}

	/**
	 * Jain's fairness index, {@code (Σx)² / (n·Σx²)}: 1 when every loop has as many, {@code 1/n} when one has them
	 * all; 1 when none has any.
	 */
	public static double jainIndex(long[] counts) {
		double sum = 0;
		double sumOfSquares = 0;
		for (long count : counts) {
			sum += count;
			sumOfSquares += (double) count * count;
		}
		return (sumOfSquares == 0) ? 1.0 : (sum * sum) / (counts.length * sumOfSquares);
	}

}
