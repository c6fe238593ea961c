package dev.epollgateway.engine;

import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.ResourceLimits;

/**
 * The process's open-file limit ({@code RLIMIT_NOFILE}, what {@code ulimit -n} shows) and the connections it leaves
 * room for, as HAProxy derives {@code maxconn} from it: every connection is one descriptor, so a connection limit
 * above the file limit is a promise the kernel breaks with {@code EMFILE}. Immutable; any thread.
 *
 * @param soft the limit the kernel enforces; {@link Long#MAX_VALUE} when unlimited
 * @param hard the ceiling the soft limit may be raised to without privilege
 */
public record OpenFileLimit(long soft, long hard) {

	/**
	 * Descriptors kept for everything but the echo connections: the JVM's own (its jars, {@code /proc} reads, the
	 * class-data archive), the two web servers' listeners and a few hundred admin connections.
	 */
	public static final int PROCESS_RESERVE = 512;

	/** Descriptors each event loop holds for itself: its listener, its epoll instance, its eventfd, its spare. */
	public static final int PER_LOOP_RESERVE = 4;

	/**
	 * The limit of this process, read now.
	 * @throws IllegalStateException if {@code getrlimit} fails (it does not, on Linux, for a valid resource)
	 */
	public static OpenFileLimit current() {
		try {
			long[] limit = ResourceLimits.openFiles();
			return new OpenFileLimit(limit[0], limit[1]);
		}
		catch (NativeIoException ex) {
			throw new IllegalStateException("Cannot read the open-file limit: " + ex.getMessage(), ex);
		}
	}

	/** The descriptors reserved for a number of loops. */
	public static int reserve(int loops) {
		return PROCESS_RESERVE + PER_LOOP_RESERVE * loops;
	}

	/**
	 * The connections the limit leaves room for with this many loops: the soft limit less {@link #reserve(int)},
	 * capped at {@link Integer#MAX_VALUE}; 0 or less when the limit is below the reserve.
	 */
	public long connectionsAllowed(int loops) {
		if (this.soft == Long.MAX_VALUE) {
			return Integer.MAX_VALUE;
		}
		return Math.min(Integer.MAX_VALUE, this.soft - reserve(loops));
	}

}
