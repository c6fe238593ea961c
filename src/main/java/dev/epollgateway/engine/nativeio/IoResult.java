package dev.epollgateway.engine.nativeio;

/**
 * The codes a hot-path socket call ({@link Sockets#read}, {@link Sockets#send}, {@link Sockets#accept}) returns
 * instead of a count, an fd or an exception: would-block, the peer reset, any other failure, and for accept an
 * aborted pending connection. This is where errno is mapped for the data path; {@code EINTR} never leaves
 * {@link Sockets} (the call is retried there).
 * <p>
 * Every code is below {@code -4095} (Linux's {@code MAX_ERRNO}), so none can be mistaken for a count, an fd or a
 * {@code -errno}. Stateless.
 */
public final class IoResult {

	/** Nothing to read, no room to write, no connection pending ({@code EAGAIN}). */
	public static final int WOULD_BLOCK = -4096;

	/** The peer is gone: it reset the connection, or a write found it closed ({@code ECONNRESET}, {@code EPIPE}). */
	public static final int PEER_RESET = -4097;

	/** Any other failure of the call on this socket. */
	public static final int FAILED = -4098;

	/**
	 * Accept only: the pending connection went away before it could be taken ({@code ECONNABORTED},
	 * {@code EPROTO}, {@code EPERM} from a firewall); the next one may be fine.
	 */
	public static final int ABORTED = -4099;

	private IoResult() {
	}

	/** The code for a failed {@code read} or {@code send}. */
	static int ofTransfer(int errno) {
		if (errno == Errno.EAGAIN) {
			return WOULD_BLOCK;
		}
		return (errno == Errno.ECONNRESET || errno == Errno.EPIPE) ? PEER_RESET : FAILED;
	}

	/** The code for a failed {@code accept4}: would-block, aborted, or {@code -errno} for the caller to judge. */
	static int ofAccept(int errno) {
		if (errno == Errno.EAGAIN) {
			return WOULD_BLOCK;
		}
		if (errno == Errno.ECONNABORTED || errno == Errno.EPROTO || errno == Errno.EPERM) {
			return ABORTED;
		}
		return -errno;
	}

}
