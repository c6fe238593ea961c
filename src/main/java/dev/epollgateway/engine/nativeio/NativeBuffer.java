package dev.epollgateway.engine.nativeio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A block of native memory with its address and a {@link ByteBuffer} view in native order.
 * <p>
 * Ownership: whoever allocates it frees it with {@link #close()}; until then this object keeps the memory alive,
 * so keep a strong reference for as long as native code may use {@link #address()}. Not thread-safe.
 */
public final class NativeBuffer implements AutoCloseable {

	private final Memory memory;

	private final long address;

	private final ByteBuffer view;

	private NativeBuffer(long size) {
		this.memory = new Memory(size);
		this.memory.clear();
		this.address = Pointer.nativeValue(this.memory);
		this.view = this.memory.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
	}

	/** Allocates {@code size} zeroed bytes. */
	public static NativeBuffer allocate(long size) {
		return new NativeBuffer(size);
	}

	/** The address of the first byte. */
	public long address() {
		return this.address;
	}

	/** Size in bytes. */
	public long size() {
		return this.memory.size();
	}

	/** A view of the whole block in native byte order (absolute gets and puts only: its position is shared). */
	public ByteBuffer view() {
		return this.view;
	}

	/** Copies {@code length} bytes between native addresses. */
	public static void copy(long from, long to, long length) {
		LibC.memcpy(to, from, length);
	}

	@Override
	public void close() {
		this.memory.close();
	}

}
