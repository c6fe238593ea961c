package dev.epollgateway.engine.nativeio;

import java.io.IOException;

/**
 * A failed system call: its name, errno and the C library's text for it.
 */
public class NativeIoException extends IOException {

	private final String call;

	private final int errno;

	public NativeIoException(String call, int errno) {
		super(call + " failed: " + Errno.describe(errno) + " (errno " + errno + ")");
		this.call = call;
		this.errno = errno;
	}

	/** The system call that failed. */
	public String call() {
		return this.call;
	}

	/** The errno it failed with. */
	public int errno() {
		return this.errno;
	}

	/** Whether the call failed because the address is taken by another socket ({@code EADDRINUSE}). */
	public boolean addressInUse() {
		return this.errno == Errno.EADDRINUSE;
	}

}
