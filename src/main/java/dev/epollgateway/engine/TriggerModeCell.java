package dev.epollgateway.engine;

/**
 * The trigger mode a loop's {@link ConnectionHandler} applies: its own under {@link Topology#LOOP_PER_THREAD}, one
 * for every loop under {@link Topology#SHARED_EPOLL}, where any thread may handle any connection and all must
 * agree.
 * <p>
 * Threading: a volatile field (a plain load on x86_64); written by the loops applying a switch.
 */
final class TriggerModeCell {

	private volatile TriggerMode mode;

	TriggerModeCell(TriggerMode mode) {
		this.mode = mode;
	}

	TriggerMode get() {
		return this.mode;
	}

	void set(TriggerMode mode) {
		this.mode = mode;
	}

}
