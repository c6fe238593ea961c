package dev.epollgateway.engine.nativeio;

/**
 * A non-blocking {@code eventfd} used to wake an event loop from other threads.
 * <p>
 * Threading: {@link #signal()} may be called from any thread; {@link #reset()} only by the loop that owns it.
 */
public final class EventFd implements AutoCloseable {

	private static final int EFD_NONBLOCK = 0x800;

	private static final int EFD_CLOEXEC = 0x80000;

	private final int fd;

	private final NativeBuffer one;

	private final NativeBuffer sink;

	/** Creates the eventfd with a zero counter. */
	public EventFd() throws NativeIoException {
		this.fd = Errno.check("eventfd", Errno.result(LibC.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)));
		this.one = NativeBuffer.allocate(8);
		this.one.view().putLong(0, 1L);
		this.sink = NativeBuffer.allocate(8);
	}

	/** The descriptor to register with epoll. */
	public int fd() {
		return this.fd;
	}

	/** Adds one to the counter, making the fd readable. */
	public void signal() {
		LibC.write(this.fd, this.one.address(), 8);
	}

	/** Reads the counter back to zero so that a level-triggered registration stops firing. */
	public void reset() {
		LibC.read(this.fd, this.sink.address(), 8);
	}

	@Override
	public void close() {
		LibC.close(this.fd);
		this.one.close();
		this.sink.close();
	}

}
