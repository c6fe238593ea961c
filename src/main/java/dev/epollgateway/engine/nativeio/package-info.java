/**
 * The only code that sees JNA: direct-mapped libc bindings, the {@code epoll_event} layout, errno mapping. Internal
 * to the engine.
 */
package dev.epollgateway.engine.nativeio;
