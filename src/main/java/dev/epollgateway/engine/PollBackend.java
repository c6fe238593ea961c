package dev.epollgateway.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.Poll;
import dev.epollgateway.engine.nativeio.PollFdArray;

/**
 * The poll backend: every watched fd in one compact {@code struct pollfd} array handed whole to {@code poll(2)} on
 * every wait, and scanned to find the ready entries. An fd's index in the array is kept per fd, so add, modify and
 * remove are O(1): removing moves the last entry into the hole. Level-triggered only: the mode bits of a mask are
 * dropped (the engine refuses the other modes on this backend).
 * <p>
 * Order: the kernel examines the array from the first entry to the last, so dispatch moves each entry it hands over
 * to the back. The connections just served are then examined last in the next call, after every other entry, which
 * leaves their peers the whole scan to answer: under request/response load a call finds more of them ready, and the
 * scan's cost is shared by more messages. Those entries are also the first the next dispatch reads (it scans from the
 * back), so it stops early once it has found as many as the call reported.
 * <p>
 * Threading: loop thread only (see {@link ReadinessBackend}).
 */
final class PollBackend implements ReadinessBackend {

	/** The bits of an epoll mask that mean the same to poll. */
	static final int WATCHABLE = Poll.POLLIN | Poll.POLLOUT | Poll.POLLRDHUP;

	private final PollFdArray fds;

	/** The registration's data, by array index. */
	private long[] dataByIndex;

	/** The array index plus one, by fd; 0 where the fd is not watched. */
	private int[] indexByFd = new int[1024];

	/**
	 * Arrays at least this long are first polled without a timeout while the loop is busy (see {@link #wait}); below
	 * it, the few wait-queue entries a blocking call registers cost less than a second call would.
	 */
	static final int NONBLOCKING_FIRST_FROM = 256;

	private int handed;

	/** Whether the last wait reported ready entries without a vain non-blocking call first. */
	private boolean busy;

	PollBackend(int initialCapacity) {
		this.fds = new PollFdArray(initialCapacity);
		this.dataByIndex = new long[this.fds.capacity()];
	}

	@Override
	public BackendKind kind() {
		return BackendKind.POLL;
	}

	@Override
	public int add(int fd, int mask, long data) {
		if (fd < 0) {
			return Epoll.CTL_BAD_FD;
		}
		if (indexOf(fd) >= 0) {
			return Epoll.CTL_ALREADY_WATCHED;
		}
		int index = this.fds.add(fd, mask & WATCHABLE);
		if (index >= this.dataByIndex.length) {
			this.dataByIndex = Arrays.copyOf(this.dataByIndex, this.fds.capacity());
		}
		this.dataByIndex[index] = data;
		if (fd >= this.indexByFd.length) {
			this.indexByFd = Arrays.copyOf(this.indexByFd, Math.max(fd + 1, this.indexByFd.length * 2));
		}
		this.indexByFd[fd] = index + 1;
		return 0;
	}

	@Override
	public int modify(int fd, int mask, long data) {
		int index = indexOf(fd);
		if (index < 0) {
			return Epoll.CTL_NOT_WATCHED;
		}
		this.fds.setEvents(index, mask & WATCHABLE);
		this.dataByIndex[index] = data;
		return 0;
	}

	@Override
	public void remove(int fd) {
		int index = indexOf(fd);
		if (index < 0) {
			return;
		}
		int moved = this.fds.swapRemove(index);
		if (moved >= 0) {
			this.dataByIndex[index] = this.dataByIndex[this.fds.count()];
			this.indexByFd[moved] = index + 1;
		}
		this.indexByFd[fd] = 0;
	}

	@Override
	public void removeClosing(int fd) {
		remove(fd);
	}

	@Override
	public boolean canWatch(int fd) {
		return true;
	}

	/**
	 * A {@code poll} that may block registers a wait-queue entry on every fd it examines until it meets a ready one
	 * (and takes them all off again before it returns); with the served entries at the back of the array that would
	 * be nearly every fd, on every call. A timeout of 0 registers none. So while the last wait found something, the
	 * array is first polled with a timeout of 0, and polled again with the loop's timeout only when that finds
	 * nothing: a second scan, paid when the traffic stops or the peers are slower than the loop. After such a miss the
	 * next call blocks at once, so a loop that keeps outrunning its peers pays the second scan on at most every other
	 * call.
	 */
	@Override
	public int wait(int timeoutMillis) {
		PollFdArray array = this.fds;
		int count = array.count();
		this.handed = count;
		int ready;
		if (timeoutMillis != 0 && this.busy && count >= NONBLOCKING_FIRST_FROM) {
			ready = Poll.wait(array, 0);
			if (ready == 0) {
				this.handed += count;
				ready = Poll.wait(array, timeoutMillis);
				this.busy = false;
				return ready;
			}
		}
		else {
			ready = Poll.wait(array, timeoutMillis);
		}
		this.busy = ready > 0;
		return ready;
	}

	/** Entries handed to the kernel by the last wait: the array, or twice the array when it was polled twice. */
	@Override
	public int handedLastWait() {
		return this.handed;
	}

	/**
	 * Scans from the last entry down and moves each ready entry, before handing it over, to the top of the block of
	 * entries this batch has handed over. Every entry at or above the scan's position has its {@code revents} cleared
	 * by then, so a handler that closes its connection moves a cleared entry into the hole, and a connection accepted
	 * in the batch is appended with nothing reported: no entry is handed over twice or missed.
	 */
	@Override
	public int dispatch(int ready, ReadySink sink) {
		PollFdArray array = this.fds;
		int found = 0;
		int scanned = 0;
		// the entries above back were handed over in this batch
		int back = array.count() - 1;
		for (int i = back; i >= 0 && found < ready; i--) {
			scanned++;
			int revents = array.revents(i);
			if (revents == 0) {
				continue;
			}
			found++;
			// a close in the batch shortens the array, and an entry with revents set is always below its end
			back = Math.min(back, array.count() - 1);
			int slot = i;
			if (back > i) {
				exchange(i, back);
				slot = back;
			}
			back = slot - 1;
			array.clearRevents(slot);
			// POLLNVAL (an fd closed behind the array's back) is an error like any other.
			int events = ((revents & Poll.POLLNVAL) != 0) ? (revents & ~Poll.POLLNVAL) | Epoll.EPOLLERR : revents;
			sink.onReady(events, this.dataByIndex[slot]);
		}
		return scanned;
	}

	/** Exchanges two entries of the array with their data and their fds' indexes. */
	private void exchange(int a, int b) {
		PollFdArray array = this.fds;
		array.swap(a, b);
		long data = this.dataByIndex[a];
		this.dataByIndex[a] = this.dataByIndex[b];
		this.dataByIndex[b] = data;
		this.indexByFd[array.fd(a)] = a + 1;
		this.indexByFd[array.fd(b)] = b + 1;
	}

	@Override
	public int capacity() {
		// poll reports every ready entry of the array at once: it never fills up.
		return Integer.MAX_VALUE;
	}

	/** Compares the pollfd array with the connection table: the same connections, with the same events. */
	@Override
	public InterestList.Loop interestList(int loop, ConnectionTable table) {
		Map<Long, Integer> arrayByData = new HashMap<>();
		Map<String, Long> arrayByMask = new TreeMap<>();
		for (int i = 0; i < this.fds.count(); i++) {
			if (this.dataByIndex[i] >= 0) {
				arrayByData.put(this.dataByIndex[i], this.fds.events(i));
				arrayByMask.merge(InterestMask.label(this.fds.events(i)), 1L, Long::sum);
			}
		}
		Map<String, Long> registeredByMask = new TreeMap<>();
		boolean[] agrees = { arrayByData.size() == table.size() };
		table.forEach((connection) -> {
			registeredByMask.merge(InterestMask.label(connection.interest), 1L, Long::sum);
			Integer events = arrayByData.get(connection.id);
			int index = indexOf(connection.fd);
			if (events == null || events != (connection.interest & WATCHABLE) || index < 0
					|| this.dataByIndex[index] != connection.id) {
				agrees[0] = false;
			}
		});
		return new InterestList.Loop(loop, -1, registeredByMask, arrayByMask, this.fds.count(), agrees[0]);
	}

	/** Entries in the array now. */
	int watched() {
		return this.fds.count();
	}

	private int indexOf(int fd) {
		return (fd >= 0 && fd < this.indexByFd.length) ? this.indexByFd[fd] - 1 : -1;
	}

	@Override
	public void close() {
		this.fds.close();
	}

}
