package dev.epollgateway.engine.nativeio;

import java.nio.ByteBuffer;

/**
 * A preallocated array of {@code struct epoll_event} that {@code epoll_wait} fills, read through a native-order
 * {@link ByteBuffer} view: no JNA call and no allocation per event.
 * <p>
 * Ownership: owned by one event loop thread, freed by {@link #close()} when the loop ends.
 */
public final class EpollEventArray implements AutoCloseable {

	private final EpollEventLayout layout;

	private final int capacity;

	private final NativeBuffer memory;

	private final ByteBuffer view;

	/** An array for the running architecture. */
	public EpollEventArray(int capacity) {
		this(capacity, EpollEventLayout.current());
	}

	/** An array with an explicit layout (tests encode both). */
	public EpollEventArray(int capacity, EpollEventLayout layout) {
		this.layout = layout;
		this.capacity = capacity;
		this.memory = NativeBuffer.allocate((long) capacity * layout.size());
		this.view = this.memory.view();
	}

	/** How many events fit. */
	public int capacity() {
		return this.capacity;
	}

	/** The address handed to {@code epoll_wait}. */
	long address() {
		return this.memory.address();
	}

	/** The {@code events} bits of entry {@code index}. */
	public int events(int index) {
		return this.view.getInt(index * this.layout.size() + this.layout.eventsOffset());
	}

	/** The {@code data.u64} of entry {@code index}. */
	public long data(int index) {
		return this.view.getLong(index * this.layout.size() + this.layout.dataOffset());
	}

	/** Writes entry {@code index} (what the kernel does; used to prove the layout). */
	public void put(int index, int events, long data) {
		this.view.putInt(index * this.layout.size() + this.layout.eventsOffset(), events);
		this.view.putLong(index * this.layout.size() + this.layout.dataOffset(), data);
	}

	/** The raw bytes of entry {@code index}, as the kernel lays them out. */
	public byte[] rawEntry(int index) {
		byte[] bytes = new byte[this.layout.size()];
		this.view.get(index * this.layout.size(), bytes);
		return bytes;
	}

	@Override
	public void close() {
		this.memory.close();
	}

}
