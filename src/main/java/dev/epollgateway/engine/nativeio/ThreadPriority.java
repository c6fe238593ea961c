package dev.epollgateway.engine.nativeio;

import com.sun.jna.Native;

/**
 * The Linux nice value of the calling thread, {@code setpriority(PRIO_PROCESS, gettid(), nice)}, and its scheduling
 * policy, {@code sched_setscheduler(gettid(), SCHED_IDLE)}.
 * <p>
 * POSIX makes the nice value a per-process attribute; Linux keeps it per thread (per task), so one thread can be
 * made to yield the CPU to the others, e.g. the admin plane's HTTP threads to the event loops on a shared core.
 * Raising a thread's nice value needs no privilege; lowering it again needs {@code CAP_SYS_NICE} (or
 * {@code RLIMIT_NICE}), so callers must only ever raise it, and only on threads they own.
 * <p>
 * {@code SCHED_IDLE} goes further than any nice value: the thread runs when nothing else on its core wants to, beside
 * a minimal share (a weight of 3 against 1024 for nice 0, where nice 19 has 15), and a waking normal thread preempts
 * it at once. Entering it needs no privilege; leaving it does, so the same rule holds.
 */
public final class ThreadPriority {

	/** {@code PRIO_PROCESS}: {@code who} is a process, or on Linux a thread id. */
	private static final int PRIO_PROCESS = 0;

	/** {@code SCHED_IDLE} of {@code <sched.h>}. */
	private static final int SCHED_IDLE = 5;

	/** The lowest priority (highest nice value) Linux has. */
	public static final int MAX_NICE = 19;

	private ThreadPriority() {
	}

	/**
	 * Sets the calling thread's nice value.
	 * @param nice 0 to {@value #MAX_NICE}
	 * @throws NativeIoException if the kernel refuses ({@code EPERM} or {@code EACCES} when the value would be
	 * lower than the thread's and the process lacks the privilege)
	 */
	public static void setCurrentThreadNice(int nice) throws NativeIoException {
		requireNice(nice);
		Errno.check("setpriority", Errno.result(LibC.setpriority(PRIO_PROCESS, LibC.gettid(), nice)));
	}

	/**
	 * Checks a nice value this class accepts.
	 * @return the value
	 * @throws IllegalArgumentException unless it is 0 to {@value #MAX_NICE}
	 */
	public static int requireNice(int nice) {
		if (nice < 0 || nice > MAX_NICE) {
			throw new IllegalArgumentException("nice must be 0 to " + MAX_NICE + ", was " + nice);
		}
		return nice;
	}

	/**
	 * The calling thread's nice value.
	 * @throws NativeIoException if {@code getpriority} fails
	 */
	public static int currentThreadNice() throws NativeIoException {
		// -1 is a valid nice value, so success is told apart from failure by errno alone.
		Native.setLastError(0);
		int nice = LibC.getpriority(PRIO_PROCESS, LibC.gettid());
		int errno = Errno.last();
		if (nice == -1 && errno != 0) {
			throw Errno.exception("getpriority", errno);
		}
		return nice;
	}

	/**
	 * Moves the calling thread to the {@code SCHED_IDLE} policy.
	 * @throws NativeIoException if the kernel refuses (a seccomp profile that forbids {@code sched_setscheduler})
	 */
	public static void setCurrentThreadIdle() throws NativeIoException {
		Errno.check("sched_setscheduler", Errno.result(LibC.sched_setscheduler(LibC.gettid(), SCHED_IDLE, new int[1])));
	}

	/**
	 * Whether the calling thread runs under {@code SCHED_IDLE}.
	 * @throws NativeIoException if {@code sched_getscheduler} fails
	 */
	public static boolean currentThreadIdle() throws NativeIoException {
		int policy = LibC.sched_getscheduler(LibC.gettid());
		Errno.check("sched_getscheduler", Errno.result(policy));
		return policy == SCHED_IDLE;
	}

	/** The calling thread's kernel id ({@code gettid()}), as in {@code /proc/self/task/<tid>}. */
	public static int currentThreadId() {
		return LibC.gettid();
	}

}
