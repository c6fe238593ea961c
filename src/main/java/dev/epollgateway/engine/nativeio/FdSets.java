package dev.epollgateway.engine.nativeio;

import java.nio.ByteBuffer;

/**
 * The native memory of one {@code select(2)} call: a read set, a write set and a timeout.
 *
 * <pre>
 * #define FD_SETSIZE 1024
 * typedef long __fd_mask;                                  // 64 bits on LP64
 * typedef struct {
 *     __fd_mask fds_bits[FD_SETSIZE / (8 * sizeof(__fd_mask))];   // 16 words, 128 bytes
 * } fd_set;                                                // fd n is bit (n % 64) of word (n / 64)
 *
 * struct timeval {
 *     time_t      tv_sec;    // offset 0, 8 bytes
 *     suseconds_t tv_usec;   // offset 8, 8 bytes
 * };                         // 16 bytes
 * </pre>
 *
 * An fd of {@link #FD_SETSIZE} or more has no bit: glibc's {@code FD_SET} would write past the set (and its
 * fortified build aborts the process), so the callers never pass one, and {@link #select} checks the bound.
 * The caller keeps its interest as two arrays of {@link #WORDS} words, copied in before each call (select overwrites
 * the sets with the ready fds) and read back after it.
 * <p>
 * Ownership: owned by one event loop thread, freed by {@link #close()} when the loop ends.
 */
public final class FdSets implements AutoCloseable {

	/** glibc's {@code FD_SETSIZE}: the fds a set can hold, {@code 0..1023}. */
	public static final int FD_SETSIZE = 1024;

	/** {@code __fd_mask} words in one {@code fd_set}. */
	public static final int WORDS = FD_SETSIZE / 64;

	static final int SET_BYTES = WORDS * 8;

	static final int TIMEVAL_BYTES = 16;

	private static final int READ_OFFSET = 0;

	private static final int WRITE_OFFSET = SET_BYTES;

	private static final int TIMEVAL_OFFSET = 2 * SET_BYTES;

	private final NativeBuffer memory = NativeBuffer.allocate(2L * SET_BYTES + TIMEVAL_BYTES);

	private final ByteBuffer view = this.memory.view();

	/**
	 * One {@code select} call over {@code 0..nfds-1}: copies the interest words in, waits, and writes the ready words
	 * back into {@code readyRead} and {@code readyWrite}. An interrupted call ({@code EINTR}) reports nothing.
	 * @param timeoutMillis -1 to wait without a timeout
	 * @return the number of ready bits over both sets (0 after {@code EINTR}), or {@code -errno}
	 */
	public int select(int nfds, long[] read, long[] write, int timeoutMillis, long[] readyRead, long[] readyWrite) {
		if (nfds > FD_SETSIZE) {
			throw new IllegalArgumentException("select cannot watch fd " + (nfds - 1) + " (FD_SETSIZE " + FD_SETSIZE
					+ ")");
		}
		int words = (nfds + 63) >>> 6;
		for (int i = 0; i < words; i++) {
			this.view.putLong(READ_OFFSET + i * 8, read[i]);
			this.view.putLong(WRITE_OFFSET + i * 8, write[i]);
		}
		long timeout = 0;
		if (timeoutMillis >= 0) {
			this.view.putLong(TIMEVAL_OFFSET, timeoutMillis / 1000);
			this.view.putLong(TIMEVAL_OFFSET + 8, (timeoutMillis % 1000) * 1000L);
			timeout = this.memory.address() + TIMEVAL_OFFSET;
		}
		long base = this.memory.address();
		int ready = Errno.result(LibC.select(nfds, base + READ_OFFSET, base + WRITE_OFFSET, 0, timeout));
		if (ready <= 0) {
			for (int i = 0; i < words; i++) {
				readyRead[i] = 0;
				readyWrite[i] = 0;
			}
			return (ready == -Errno.EINTR) ? 0 : ready;
		}
		for (int i = 0; i < words; i++) {
			readyRead[i] = this.view.getLong(READ_OFFSET + i * 8);
			readyWrite[i] = this.view.getLong(WRITE_OFFSET + i * 8);
		}
		return ready;
	}

	@Override
	public void close() {
		this.memory.close();
	}

}
