package dev.epollgateway.engine;

import java.util.Map;
import java.util.TreeMap;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.FdSets;

/**
 * The select backend: the interest kept as two bitmaps (read: {@code EPOLLIN}, write: {@code EPOLLOUT}) copied into
 * the {@code fd_set}s of every {@code select(2)} call, and the ready bitmaps scanned word by word up to the highest
 * watched fd. Only fds below {@link FdSets#FD_SETSIZE} can be watched: {@link #add} refuses the others, and the loop
 * closes such a connection before it gets here. Level-triggered only. select reports an fd with a pending error or
 * end of stream as readable, so the read finds the reset or the EOF as on the other backends.
 * <p>
 * Threading: loop thread only (see {@link ReadinessBackend}).
 */
final class SelectBackend implements ReadinessBackend {

	private final FdSets sets = new FdSets();

	private final long[] readInterest = new long[FdSets.WORDS];

	private final long[] writeInterest = new long[FdSets.WORDS];

	private final long[] readyRead = new long[FdSets.WORDS];

	private final long[] readyWrite = new long[FdSets.WORDS];

	private final boolean[] watched = new boolean[FdSets.FD_SETSIZE];

	private final long[] dataByFd = new long[FdSets.FD_SETSIZE];

	private int highestFd = -1;

	private int watchedCount;

	/** Words of the ready bitmaps the last wait filled. */
	private int readyWords;

	/** The {@code nfds} of the last wait. */
	private int handed;

	@Override
	public BackendKind kind() {
		return BackendKind.SELECT;
	}

	@Override
	public int add(int fd, int mask, long data) {
		if (!canWatch(fd)) {
			return Epoll.CTL_CANNOT_WATCH;
		}
		if (this.watched[fd]) {
			return Epoll.CTL_ALREADY_WATCHED;
		}
		this.watched[fd] = true;
		this.watchedCount++;
		this.highestFd = Math.max(this.highestFd, fd);
		set(fd, mask, data);
		return 0;
	}

	@Override
	public int modify(int fd, int mask, long data) {
		if (!canWatch(fd) || !this.watched[fd]) {
			return Epoll.CTL_NOT_WATCHED;
		}
		set(fd, mask, data);
		return 0;
	}

	@Override
	public void remove(int fd) {
		if (!canWatch(fd) || !this.watched[fd]) {
			return;
		}
		this.watched[fd] = false;
		this.watchedCount--;
		set(fd, 0, 0);
		// A bit the last wait set for this fd must not reach whoever gets the number next.
		clear(this.readyRead, fd);
		clear(this.readyWrite, fd);
		while (this.highestFd >= 0 && !this.watched[this.highestFd]) {
			this.highestFd--;
		}
	}

	@Override
	public void removeClosing(int fd) {
		remove(fd);
	}

	@Override
	public boolean canWatch(int fd) {
		return fd >= 0 && fd < FdSets.FD_SETSIZE;
	}

	@Override
	public int wait(int timeoutMillis) {
		int nfds = this.highestFd + 1;
		this.handed = nfds;
		this.readyWords = (nfds + 63) >>> 6;
		return this.sets.select(nfds, this.readInterest, this.writeInterest, timeoutMillis, this.readyRead,
				this.readyWrite);
	}

	@Override
	public int handedLastWait() {
		return this.handed;
	}

	/**
	 * Scans the ready bitmaps; each fd's bits are read again just before it is handed over, since a handler earlier in
	 * the batch may have removed it (and {@link #remove} clears its ready bits).
	 * @return the fds the scanned words cover: the last wait's {@code nfds}
	 */
	@Override
	public int dispatch(int ready, ReadySink sink) {
		if (ready <= 0) {
			return 0;
		}
		for (int word = 0; word < this.readyWords; word++) {
			long bits = this.readyRead[word] | this.readyWrite[word];
			while (bits != 0) {
				int bit = Long.numberOfTrailingZeros(bits);
				bits &= bits - 1;
				long flag = 1L << bit;
				int events = (((this.readyRead[word] & flag) != 0) ? Epoll.EPOLLIN : 0)
						| (((this.readyWrite[word] & flag) != 0) ? Epoll.EPOLLOUT : 0);
				if (events == 0) {
					continue;
				}
				this.readyRead[word] &= ~flag;
				this.readyWrite[word] &= ~flag;
				sink.onReady(events, this.dataByFd[(word << 6) + bit]);
			}
		}
		return this.handed;
	}

	@Override
	public int capacity() {
		return Integer.MAX_VALUE;
	}

	/** Compares the bitmaps with the connection table: the same fds, each with the same read and write interest. */
	@Override
	public InterestList.Loop interestList(int loop, ConnectionTable table) {
		Map<String, Long> bitmapByMask = new TreeMap<>();
		int connections = 0;
		for (int fd = 0; fd <= this.highestFd; fd++) {
			if (this.watched[fd] && this.dataByFd[fd] >= 0) {
				connections++;
				bitmapByMask.merge(InterestMask.label(bitmapMask(fd)), 1L, Long::sum);
			}
		}
		Map<String, Long> registeredByMask = new TreeMap<>();
		boolean[] agrees = { connections == table.size() };
		table.forEach((connection) -> {
			int fd = connection.fd;
			registeredByMask.merge(InterestMask.label(connection.interest & (Epoll.EPOLLIN | Epoll.EPOLLOUT)), 1L,
					Long::sum);
			if (!canWatch(fd) || !this.watched[fd] || this.dataByFd[fd] != connection.id
					|| bitmapMask(fd) != (connection.interest & (Epoll.EPOLLIN | Epoll.EPOLLOUT))) {
				agrees[0] = false;
			}
		});
		return new InterestList.Loop(loop, -1, registeredByMask, bitmapByMask, this.watchedCount, agrees[0]);
	}

	/** Entries watched now. */
	int watchedCount() {
		return this.watchedCount;
	}

	private int bitmapMask(int fd) {
		long flag = 1L << (fd & 63);
		return (((this.readInterest[fd >>> 6] & flag) != 0) ? Epoll.EPOLLIN : 0)
				| (((this.writeInterest[fd >>> 6] & flag) != 0) ? Epoll.EPOLLOUT : 0);
	}

	private void set(int fd, int mask, long data) {
		this.dataByFd[fd] = data;
		if ((mask & Epoll.EPOLLIN) != 0) {
			this.readInterest[fd >>> 6] |= 1L << (fd & 63);
		}
		else {
			clear(this.readInterest, fd);
		}
		if ((mask & Epoll.EPOLLOUT) != 0) {
			this.writeInterest[fd >>> 6] |= 1L << (fd & 63);
		}
		else {
			clear(this.writeInterest, fd);
		}
	}

	private static void clear(long[] words, int fd) {
		words[fd >>> 6] &= ~(1L << (fd & 63));
	}

	@Override
	public void close() {
		this.sets.close();
	}

}
