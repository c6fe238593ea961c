package dev.epollgateway.engine;

/**
 * Receives {@link EngineEvent}s.
 * <p>
 * Threading: called on an event loop thread (or the thread that changed the engine's state). Implementations must
 * return at once and never block: hand the event to a bounded queue and drop it there when full.
 */
@FunctionalInterface
public interface EngineEventListener {

	void onEvent(EngineEvent event);

}
