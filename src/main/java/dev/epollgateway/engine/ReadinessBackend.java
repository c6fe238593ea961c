package dev.epollgateway.engine;

/**
 * How one loop learns which of its fds are ready: the operations of libevent's {@code eventop} (add, modify, remove,
 * wait) over one kernel interface. Masks are in epoll's vocabulary ({@code EPOLLIN|EPOLLRDHUP|EPOLLOUT} and the mode
 * bits, computed by {@link InterestMask}); every backend reports readiness in the same vocabulary, so the
 * {@link ConnectionHandler} never knows which one it runs on. The {@code data} of a registration is what
 * {@link ReadySink#onReady} gets back: a connection id or one of the loop's tags.
 * <p>
 * Dispatch is per batch: the loop makes one interface call to {@link #dispatch} per wait, and the backend's own loop
 * over its ready entries calls the sink directly, so the per-event path stays monomorphic.
 * <p>
 * Threading: one backend per {@link EventLoop}, used only on that loop's thread. It owns its kernel object and native
 * memory and frees them in {@link #close()}.
 */
interface ReadinessBackend extends AutoCloseable {

	/** Which backend this is. */
	BackendKind kind();

	/**
	 * Starts watching an fd.
	 * @return 0, or {@code -errno} ({@code -EINVAL} for an fd this backend cannot watch)
	 */
	int add(int fd, int mask, long data);

	/** Changes what is watched on an fd. @return 0, or {@code -errno} */
	int modify(int fd, int mask, long data);

	/** Stops watching an fd that stays open. */
	void remove(int fd);

	/**
	 * Stops watching an fd that is about to be closed. epoll forgets a closed fd by itself, so this costs it nothing;
	 * poll and select must drop it from their arrays before the number can be reused.
	 */
	void removeClosing(int fd);

	/** Whether the backend could watch this fd at all (select: below {@code FD_SETSIZE}). */
	boolean canWatch(int fd);

	/**
	 * Waits for readiness.
	 * @param timeoutMillis -1 to wait without a timeout, 0 to return at once
	 * @return the number of ready entries (0 after a timeout or {@code EINTR}), or {@code -errno}
	 */
	int wait(int timeoutMillis);

	/**
	 * How many entries the last {@link #wait} handed to the kernel to examine: none for epoll, whose interest list
	 * lives in the kernel; every pollfd for poll; {@code nfds} bits of each set for select.
	 */
	int handedLastWait();

	/**
	 * Hands each of the {@code ready} entries the last {@link #wait} reported to the sink, in the backend's order.
	 * @return the entries scanned in user space to find them (the ready ones for epoll; the array or the bitmaps'
	 * range for poll and select)
	 */
	int dispatch(int ready, ReadySink sink);

	/** The most entries one wait can report: a wait that reports as many filled its array. */
	int capacity();

	/** This loop's registrations checked against the backend's own record of them. */
	InterestList.Loop interestList(int loop, ConnectionTable table);

	/** Frees the kernel object and the native memory. */
	@Override
	void close();

	/** Where a backend's dispatch hands each ready entry: the event loop. */
	interface ReadySink {

		/**
		 * One ready registration.
		 * @param events what is ready, in epoll's bits ({@code EPOLLIN}, {@code EPOLLOUT}, {@code EPOLLRDHUP},
		 * {@code EPOLLERR}, {@code EPOLLHUP})
		 * @param data the registration's data
		 */
		void onReady(int events, long data);

	}

}
