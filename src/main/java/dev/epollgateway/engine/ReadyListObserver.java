package dev.epollgateway.engine;

/**
 * Sees the size of every ready list {@code epoll_wait} hands to a loop, for example to feed a metrics distribution.
 * <p>
 * Threading: called on the loop thread once per wakeup; it must be cheap and must not block.
 */
@FunctionalInterface
public interface ReadyListObserver {

	/** @param readyEvents events returned by one {@code epoll_wait} (0 on a timeout) */
	void onWakeup(int readyEvents);

}
