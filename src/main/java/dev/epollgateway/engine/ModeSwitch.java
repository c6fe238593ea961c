package dev.epollgateway.engine;

/**
 * The outcome of a live trigger-mode switch, summed over all event loops.
 *
 * @param previous the mode before the switch
 * @param current the mode now in force for every live and every later connection
 * @param connectionsRearmed how many live connections were given the new mask with {@code EPOLL_CTL_MOD}
 * @param switchNanos the longest time one loop spent applying the switch (loops apply it in parallel)
 */
public record ModeSwitch(TriggerMode previous, TriggerMode current, int connectionsRearmed, long switchNanos) {

	/** {@link #switchNanos()} in microseconds. */
	public long switchMicros() {
		return this.switchNanos / 1_000;
	}

	/** The switch in words, for example {@code LEVEL -> EDGE (12 connections re-armed in 85 us)}. */
	public String describe() {
		return this.previous + " -> " + this.current + " (" + this.connectionsRearmed + " connections re-armed in "
				+ switchMicros() + " us)";
	}

}
