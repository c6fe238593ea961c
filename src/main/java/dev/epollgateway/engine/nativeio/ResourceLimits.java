package dev.epollgateway.engine.nativeio;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The process's resource limits, {@code getrlimit(2)}. The C declaration, on LP64 Linux:
 *
 * <pre>
 * struct rlimit {
 *     rlim_t rlim_cur;  // soft limit: what the kernel enforces
 *     rlim_t rlim_max;  // hard limit: the ceiling for rlim_cur
 * };
 * </pre>
 *
 * {@code rlim_t} is an unsigned 64-bit integer, mapped here as a {@code long[2]}; {@code RLIM_INFINITY} (all bits
 * set) reads as -1 and is returned as {@link Long#MAX_VALUE}. Stateless; any thread.
 */
public final class ResourceLimits {

	/** {@code RLIMIT_NOFILE} of {@code <sys/resource.h>}: one more than the highest descriptor number. */
	private static final int RLIMIT_NOFILE = 7;

	private ResourceLimits() {
	}

	/**
	 * The open-file limit.
	 * @return the soft limit (enforced) at index 0 and the hard limit at index 1; {@link Long#MAX_VALUE} for
	 * unlimited
	 * @throws NativeIoException if {@code getrlimit} fails
	 */
	public static long[] openFiles() throws NativeIoException {
		long[] limit = new long[2];
		Errno.check("getrlimit", Errno.result(Bindings.getrlimit(RLIMIT_NOFILE, limit)));
		for (int i = 0; i < limit.length; i++) {
			if (limit[i] < 0) {
				limit[i] = Long.MAX_VALUE;
			}
		}
		return limit;
	}

	/** Direct-mapped, apart from {@link LibC} so that its binding is registered only when a limit is read. */
	private static final class Bindings {

		static {
			Native.register(Bindings.class, Platform.C_LIBRARY_NAME);
		}

		private Bindings() {
		}

		static native int getrlimit(int resource, long[] rlim);

	}

}
