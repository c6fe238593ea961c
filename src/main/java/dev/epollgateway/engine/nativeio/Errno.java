package dev.epollgateway.engine.nativeio;

import com.sun.jna.Native;

/**
 * Linux errno values (the same on x86_64 and aarch64) and the one place errno is read.
 * <p>
 * Set-up calls turn a failure into a {@link NativeIoException}; the hot-path socket calls map it once, in
 * {@link IoResult}, to would-block, a peer reset or a failure ({@code EINTR} retried in {@link Sockets}), so that
 * {@code EAGAIN} is a return value, never an exception. Only accept hands other errno values up as {@code -errno},
 * for its caller to tell {@code EMFILE}/{@code ENFILE} (out of descriptors) from the rest.
 */
public final class Errno {

	public static final int EPERM = 1;

	public static final int ENOENT = 2;

	public static final int EINTR = 4;

	public static final int EBADF = 9;

	public static final int EAGAIN = 11;

	public static final int ENOMEM = 12;

	public static final int EEXIST = 17;

	public static final int EINVAL = 22;

	public static final int ENFILE = 23;

	public static final int EMFILE = 24;

	public static final int EPIPE = 32;

	public static final int EPROTO = 71;

	public static final int EADDRINUSE = 98;

	public static final int EADDRNOTAVAIL = 99;

	public static final int ECONNABORTED = 103;

	public static final int ECONNRESET = 104;

	public static final int ENOBUFS = 105;

	public static final int ETIMEDOUT = 110;

	private Errno() {
	}

	/** errno of the last failed native call on this thread; call it right after the {@code -1}. */
	static int last() {
		return Native.getLastError();
	}

	/** {@code rc} when it is not negative, else {@code -errno}. */
	static long result(long rc) {
		return (rc >= 0) ? rc : -last();
	}

	/** {@code rc} when it is not negative, else {@code -errno}. */
	static int result(int rc) {
		return (rc >= 0) ? rc : -last();
	}

	/** The C library's text for an errno value. */
	public static String describe(int errno) {
		String text = LibC.strerror(errno);
		return (text != null) ? text : ("errno " + errno);
	}

	/** An exception for a failed call, carrying its name and the errno text. */
	public static NativeIoException exception(String call, int errno) {
		return new NativeIoException(call, errno);
	}

	/** Throws for a negative {@code -errno} result; returns non-negative results unchanged. */
	static int check(String call, int result) throws NativeIoException {
		if (result < 0) {
			throw new NativeIoException(call, -result);
		}
		return result;
	}

}
