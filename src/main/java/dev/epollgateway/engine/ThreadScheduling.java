package dev.epollgateway.engine;

import java.io.IOException;

import dev.epollgateway.engine.nativeio.ThreadPriority;

/**
 * Lowers the calling thread's scheduling priority, for code outside the engine that must yield the CPU to the event
 * loops (the admin plane's HTTP threads). Linux keeps the nice value and the policy per thread, so only the caller is
 * affected.
 * <p>
 * Only ever lowers: raising a priority again needs a privilege the service does not have, so a thread already at
 * the asked nice value or above (or already under {@code SCHED_IDLE}) is left alone. Threading: stateless; every
 * method acts on the calling thread.
 */
public final class ThreadScheduling {

	/** The lowest priority (highest nice value) Linux has. */
	public static final int MAX_NICE = ThreadPriority.MAX_NICE;

	private ThreadScheduling() {
	}

	/**
	 * Checks a nice value.
	 * @return the value
	 * @throws IllegalArgumentException unless it is 0 to {@value #MAX_NICE}
	 */
	public static int requireNice(int nice) {
		return ThreadPriority.requireNice(nice);
	}

	/**
	 * Raises the calling thread's nice value to {@code nice} unless it is there or above already.
	 * @throws IOException naming the call when the kernel refuses ({@code getpriority} or {@code setpriority})
	 * @throws IllegalArgumentException unless {@code nice} is 0 to {@value #MAX_NICE}
	 */
	public static void lowerCurrentThreadToNice(int nice) throws IOException {
		requireNice(nice);
		if (ThreadPriority.currentThreadNice() < nice) {
			ThreadPriority.setCurrentThreadNice(nice);
		}
	}

	/**
	 * Moves the calling thread to {@code SCHED_IDLE} unless it runs there already.
	 * @throws IOException naming the call when the kernel refuses ({@code sched_setscheduler} under a seccomp
	 * profile that forbids it)
	 */
	public static void idleCurrentThread() throws IOException {
		if (!ThreadPriority.currentThreadIdle()) {
			ThreadPriority.setCurrentThreadIdle();
		}
	}

	/** The calling thread's kernel id ({@code gettid()}), as in {@code /proc/self/task/<tid>}. */
	public static int currentThreadId() {
		return ThreadPriority.currentThreadId();
	}

}
