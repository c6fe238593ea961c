package dev.epollgateway.engine;

/**
 * The life cycle of an {@link EpollEngine}, as operators see it.
 */
public enum EngineState {

	/** Created but not started, or fully stopped: no listener, no connections. */
	STOPPED,

	/** Accepting connections and echoing. */
	RUNNING,

	/** Not accepting (the listeners are out of the epoll sets); existing connections keep echoing. */
	PAUSED,

	/** Listeners closed; connections are flushed and closed until the drain deadline. */
	DRAINING

}
