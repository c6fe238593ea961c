package dev.epollgateway.bench;

import com.sun.jna.Native;

/**
 * The calling thread's timer slack, {@code prctl(PR_SET_TIMERSLACK)}: how late the kernel may fire the thread's
 * timers to group wake-ups (50 µs by default). The open-loop sender parks until each message's intended send time,
 * some 20 µs apart; with the default slack it would wake up to 50 µs late and send in bursts.
 * <p>
 * Threading: each call affects the calling thread only.
 */
final class TimerSlack {

	private static final int PR_SET_TIMERSLACK = 29;

	private static final int PR_GET_TIMERSLACK = 30;

	private static final boolean AVAILABLE = register();

	private TimerSlack() {
	}

	/** Whether the timer slack can be set; the first call loads the binding (JNA: some hundred milliseconds). */
	static boolean available() {
		return AVAILABLE;
	}

	/**
	 * Sets the calling thread's timer slack.
	 * @return the slack the kernel then reports, in nanoseconds; -1 when it could not be set
	 */
	static long setForCallingThread(long nanos) {
		if (!AVAILABLE || prctl(PR_SET_TIMERSLACK, nanos, 0, 0, 0) != 0) {
			return -1;
		}
		return prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
	}

	private static boolean register() {
		try {
			Native.register(TimerSlack.class, "c");
			return true;
		}
		catch (LinkageError ex) {
			BenchRunner.log("timer slack not settable: " + ex);
			return false;
		}
	}

	// variadic in glibc; its option and four unsigned longs are passed in integer registers either way on x86-64
	private static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

}
