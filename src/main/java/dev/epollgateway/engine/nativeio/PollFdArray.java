package dev.epollgateway.engine.nativeio;

import java.nio.ByteBuffer;

/**
 * A native array of {@code struct pollfd} for {@code poll(2)}, kept compact: entries {@code 0..count-1} are the
 * watched fds, and removing one moves the last entry into its place (the caller keeps an index per fd, and may also
 * reorder entries with {@link #swap}).
 *
 * <pre>
 * struct pollfd {
 *     int   fd;       // offset 0
 *     short events;   // offset 4: what to watch (POLLIN, POLLOUT, POLLRDHUP)
 *     short revents;  // offset 6: what the kernel reports (plus POLLERR, POLLHUP, POLLNVAL)
 * };                  // 8 bytes on every Linux architecture
 * </pre>
 *
 * The array grows by doubling (the only allocation, when the watched set outgrows it), never shrinks.
 * <p>
 * Ownership: owned by one event loop thread, freed by {@link #close()} when the loop ends.
 */
public final class PollFdArray implements AutoCloseable {

	/** {@code sizeof(struct pollfd)}. */
	public static final int SIZE = 8;

	static final int FD_OFFSET = 0;

	static final int EVENTS_OFFSET = 4;

	static final int REVENTS_OFFSET = 6;

	private NativeBuffer memory;

	private ByteBuffer view;

	private int capacity;

	private int count;

	/** An empty array with room for {@code initialCapacity} entries before it grows. */
	public PollFdArray(int initialCapacity) {
		this.capacity = Math.max(1, initialCapacity);
		this.memory = NativeBuffer.allocate((long) this.capacity * SIZE);
		this.view = this.memory.view();
	}

	/** Entries in use. */
	public int count() {
		return this.count;
	}

	/** Entries that fit before the array grows. */
	public int capacity() {
		return this.capacity;
	}

	/** Appends an entry with {@code revents} cleared. @return its index */
	public int add(int fd, int events) {
		if (this.count == this.capacity) {
			grow();
		}
		int index = this.count++;
		this.view.putInt(index * SIZE + FD_OFFSET, fd);
		this.view.putShort(index * SIZE + EVENTS_OFFSET, (short) events);
		this.view.putShort(index * SIZE + REVENTS_OFFSET, (short) 0);
		return index;
	}

	/**
	 * Removes entry {@code index} by moving the last entry into its place.
	 * @return the fd of the entry that moved to {@code index}, or -1 when the removed entry was the last
	 */
	public int swapRemove(int index) {
		int last = --this.count;
		if (index == last) {
			return -1;
		}
		this.view.putLong(index * SIZE, this.view.getLong(last * SIZE));
		return fd(index);
	}

	/** Exchanges entries {@code a} and {@code b}, each whole (fd, events and revents). */
	public void swap(int a, int b) {
		long entry = this.view.getLong(a * SIZE);
		this.view.putLong(a * SIZE, this.view.getLong(b * SIZE));
		this.view.putLong(b * SIZE, entry);
	}

	/** The fd of entry {@code index}. */
	public int fd(int index) {
		return this.view.getInt(index * SIZE + FD_OFFSET);
	}

	/** The watched events of entry {@code index}. */
	public int events(int index) {
		return this.view.getShort(index * SIZE + EVENTS_OFFSET) & 0xffff;
	}

	/** Sets the watched events of entry {@code index}. */
	public void setEvents(int index, int events) {
		this.view.putShort(index * SIZE + EVENTS_OFFSET, (short) events);
	}

	/** What the last {@code poll} reported for entry {@code index}. */
	public int revents(int index) {
		return this.view.getShort(index * SIZE + REVENTS_OFFSET) & 0xffff;
	}

	/** Clears what was reported for entry {@code index}, once it has been handled. */
	public void clearRevents(int index) {
		this.view.putShort(index * SIZE + REVENTS_OFFSET, (short) 0);
	}

	long address() {
		return this.memory.address();
	}

	private void grow() {
		int larger = this.capacity * 2;
		NativeBuffer bigger = NativeBuffer.allocate((long) larger * SIZE);
		NativeBuffer.copy(this.memory.address(), bigger.address(), (long) this.count * SIZE);
		this.memory.close();
		this.memory = bigger;
		this.view = bigger.view();
		this.capacity = larger;
	}

	@Override
	public void close() {
		this.memory.close();
	}

}
