package dev.epollgateway.engine;

/**
 * The outcome of a live accept-distribution switch.
 *
 * @param previous the distribution before the switch
 * @param current the distribution every loop has applied
 * @param loops the engine's event loops; with one, the three distributions are the same
 * @param switchNanos from the first loop starting the switch to the last one finishing it
 */
public record AcceptDistributionSwitch(AcceptDistribution previous, AcceptDistribution current, int loops,
		long switchNanos) {

	/** Whether the distribution changes anything: only with more than one loop. */
	public boolean effective() {
		return this.loops > 1;
	}

	/** {@link #switchNanos()} in microseconds. */
	public long switchMicros() {
		return this.switchNanos / 1_000;
	}

	/** The switch in words, for example {@code reuseport -> shared (4 loops, 85 us)}. */
	public String describe() {
		return this.previous.tag() + " -> " + this.current.tag() + " (" + this.loops + " loop"
				+ ((this.loops == 1) ? ", the same with one loop" : "s") + ", " + switchMicros() + " us)";
	}

}
