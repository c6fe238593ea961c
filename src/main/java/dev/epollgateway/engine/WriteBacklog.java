package dev.epollgateway.engine;

import dev.epollgateway.engine.nativeio.NativeBuffer;

/**
 * Bytes a connection read but could not echo yet, in order: a chain of native chunks from the loop's
 * {@link ChunkPool}. Written with {@code send} straight from native memory.
 * <p>
 * Threading: loop thread only. The chunks go back to the pool when consumed.
 */
final class WriteBacklog {

	private ChunkPool.Chunk head;

	private ChunkPool.Chunk tail;

	private long bytes;

	long bytes() {
		return this.bytes;
	}

	/** Copies {@code length} bytes from native {@code address} to the end of the backlog. */
	void append(long address, long length, ChunkPool pool) {
		long copied = 0;
		while (copied < length) {
			if (this.tail == null || this.tail.writable() == 0) {
				ChunkPool.Chunk chunk = pool.acquire();
				if (this.tail == null) {
					this.head = chunk;
				}
				else {
					this.tail.next = chunk;
				}
				this.tail = chunk;
			}
			int n = (int) Math.min(this.tail.writable(), length - copied);
			NativeBuffer.copy(address + copied, this.tail.writeAddress(), n);
			this.tail.writeIndex += n;
			copied += n;
		}
		this.bytes += length;
	}

	/** Address of the first unsent byte. */
	long headAddress() {
		return this.head.readAddress();
	}

	/** Contiguous unsent bytes at {@link #headAddress()}. */
	int headLength() {
		return this.head.readable();
	}

	/** Marks {@code n} bytes at the head as sent, returning emptied chunks to the pool. */
	void consume(long n, ChunkPool pool) {
		long left = n;
		while (left > 0) {
			int take = (int) Math.min(this.head.readable(), left);
			this.head.readIndex += take;
			left -= take;
			if (this.head.readable() == 0) {
				ChunkPool.Chunk done = this.head;
				this.head = done.next;
				if (this.head == null) {
					this.tail = null;
				}
				pool.release(done);
			}
		}
		this.bytes -= n;
	}

	/** Returns every chunk to the pool (the connection is closing). */
	void release(ChunkPool pool) {
		while (this.head != null) {
			ChunkPool.Chunk done = this.head;
			this.head = done.next;
			pool.release(done);
		}
		this.tail = null;
		this.bytes = 0;
	}

}
