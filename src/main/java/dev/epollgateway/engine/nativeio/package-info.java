/**
 * The only code that sees JNA: direct-mapped libc bindings, the {@code epoll_event}, {@code struct pollfd} and
 * {@code fd_set} layouts ({@link EpollEventLayout}, {@link PollFdArray}, {@link FdSets}), errno mapping. Internal
 * to the engine.
 */
package dev.epollgateway.engine.nativeio;
