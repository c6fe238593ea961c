package dev.epollgateway.engine;

/**
 * What an {@link EventLoop} needs from the engine that runs it, and nothing more: its configuration, connection ids,
 * the {@code max-connections} slots, the ready-list observer and the event publisher. The loop never sees the engine
 * itself, so nothing it does can reach back into the engine's state machine.
 * <p>
 * Threading: every method may be called from every loop thread at once.
 */
interface LoopContext {

	/** The engine's configuration. */
	EngineConfig config();

	/** A new connection id, unique over all loops. */
	long nextConnectionId();

	/** Takes one of the {@code max-connections} slots. @return false when none is left */
	boolean reserveConnectionSlot();

	/** Gives back a slot taken with {@link #reserveConnectionSlot()}. */
	void releaseConnectionSlot();

	/** Reports the size of one ready list to the observer, if there is one. */
	void observeWakeup(int readyEvents);

	/** Where the loop publishes connection events. */
	EventPublisher events();

}
