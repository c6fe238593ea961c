package dev.epollgateway.engine;

/**
 * The outcome of a live readiness-backend switch, summed over all event loops.
 *
 * @param previous the backend before the switch
 * @param current the backend every loop waits with now
 * @param connectionsMoved live connections registered with the new backend (0 when nothing changed)
 * @param switchNanos the longest time one loop spent moving to the new backend (loops move in parallel)
 */
public record BackendSwitch(BackendKind previous, BackendKind current, int connectionsMoved, long switchNanos) {

	/** Whether the switch changed nothing: the backend asked for was in force already. */
	public boolean unchanged() {
		return this.previous == this.current;
	}

	/** {@link #switchNanos()} in microseconds. */
	public long switchMicros() {
		return this.switchNanos / 1_000;
	}

	/** The switch in words, for example {@code EPOLL -> POLL (12 connections moved in 85 us)}. */
	public String describe() {
		return this.previous + " -> " + this.current + " (" + this.connectionsMoved + " connections moved in "
				+ switchMicros() + " us)";
	}

}
