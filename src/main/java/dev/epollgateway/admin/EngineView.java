package dev.epollgateway.admin;

import java.time.Instant;

/**
 * {@code GET /api/v1/engine}: the engine's state and settings.
 *
 * @param state {@code RUNNING}, {@code PAUSED}, {@code DRAINING} or {@code STOPPED}
 * @param triggerMode {@code LEVEL}, {@code EDGE} or {@code ONESHOT}
 * @param loops event loops
 * @param host the address the listeners bind
 * @param port the echo port (the real one when 0 was configured)
 * @param maxConnections live connections allowed
 * @param idleTimeoutMs idle connections are closed after this long; 0 when disabled
 * @param activeConnections open now: while draining, this is the progress
 * @param drainDeadline while draining, when what is left is force-closed; null otherwise
 * @param backend the readiness backend: {@code EPOLL}, {@code POLL} or {@code SELECT}
 * @param acceptDistribution how the loops share the listening port: {@code REUSEPORT}, {@code SHARED} or
 * {@code EXCLUSIVE}
 * @param topology how the loop threads share the event source: {@code LOOP_PER_THREAD} or {@code SHARED_EPOLL}
 */
public record EngineView(String state, String triggerMode, int loops, String host, int port, int maxConnections,
		long idleTimeoutMs, int activeConnections, Instant drainDeadline, String backend, String acceptDistribution,
		String topology) {

}
