package dev.epollgateway.engine;

import dev.epollgateway.engine.nativeio.NativeBuffer;

/**
 * Fixed-size native chunks for write backlogs, recycled so that a backlog costs no allocation in steady state. At
 * most {@link #MAX_FREE} free chunks are kept; the rest are freed, so a burst of backlogs does not pin memory.
 * <p>
 * Threading: loop thread only. {@link #close()} frees the chunks it holds; chunks still in backlogs must be
 * released first.
 */
final class ChunkPool implements AutoCloseable {

	static final int CHUNK_SIZE = 16 * 1024;

	static final int MAX_FREE = 256;

	private final Chunk[] free = new Chunk[MAX_FREE];

	private int freeCount;

	Chunk acquire() {
		if (this.freeCount > 0) {
			Chunk chunk = this.free[--this.freeCount];
			this.free[this.freeCount] = null;
			return chunk;
		}
		return new Chunk(NativeBuffer.allocate(CHUNK_SIZE));
	}

	void release(Chunk chunk) {
		chunk.readIndex = 0;
		chunk.writeIndex = 0;
		chunk.next = null;
		if (this.freeCount < MAX_FREE) {
			this.free[this.freeCount++] = chunk;
		}
		else {
			chunk.memory.close();
		}
	}

	@Override
	public void close() {
		for (int i = 0; i < this.freeCount; i++) {
			this.free[i].memory.close();
			this.free[i] = null;
		}
		this.freeCount = 0;
	}

	/** One chunk: native memory with read and write indexes. */
	static final class Chunk {

		final NativeBuffer memory;

		int readIndex;

		int writeIndex;

		Chunk next;

		Chunk(NativeBuffer memory) {
			this.memory = memory;
		}

		int readable() {
			return this.writeIndex - this.readIndex;
		}

		int writable() {
			return CHUNK_SIZE - this.writeIndex;
		}

		long readAddress() {
			return this.memory.address() + this.readIndex;
		}

		long writeAddress() {
			return this.memory.address() + this.writeIndex;
		}

	}

}
