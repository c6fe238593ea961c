package dev.epollgateway.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable configuration of an {@link EpollEngine}. Every component is checked here, so a bad value fails with the
 * name of the setting (the names match the {@code gateway.engine.*} properties).
 *
 * @param host address to bind, an IPv4 or IPv6 literal ({@code 0.0.0.0} for all IPv4 interfaces)
 * @param port TCP port, 0 for an ephemeral one
 * @param backlog listen backlog; the kernel caps it at {@code net.core.somaxconn}
 * @param loops number of event loops, each with its own epoll instance and {@code SO_REUSEPORT} listener
 * @param triggerMode the initial trigger mode
 * @param maxConnections live connections allowed over all loops; the excess is closed at once and counted
 * @param maxEvents size of each loop's {@code epoll_event} array (events fetched per {@code epoll_wait})
 * @param readBufferSize bytes of the one read buffer each loop shares between its connections
 * @param writeHighWatermark backlog bytes above which a connection's reading is paused
 * @param writeLowWatermark backlog bytes below which a paused connection's reading resumes
 * @param idleTimeout connections without traffic for this long are closed; zero disables the timeout
 * @param drainTimeout how long a drain flushes and closes connections before it force-closes the rest
 * @param tcpNoDelay {@code TCP_NODELAY} on every connection (set on the listener, which accepted sockets inherit), so
 * an echo leaves at once instead of waiting for the peer's ACK (Nagle)
 * @param backend the readiness backend every loop waits with ({@code epoll}, {@code poll} or {@code select}); which
 * trigger modes and how many connections it can serve is checked when the engine starts
 * @param acceptDistribution how the loops share the listening port (one {@code SO_REUSEPORT} listener each, one
 * shared socket, or one shared socket with {@code EPOLLEXCLUSIVE}); switchable live
 * @param topology whether each loop thread has its own epoll instance or all of them wait on one
 * ({@link Topology}); which backend, distribution and idle timeout go with it is checked when the engine starts
 */
public record EngineConfig(String host, int port, int backlog, int loops, TriggerMode triggerMode, int maxConnections,
		int maxEvents, int readBufferSize, int writeHighWatermark, int writeLowWatermark, Duration idleTimeout,
		Duration drainTimeout, boolean tcpNoDelay, BackendKind backend, AcceptDistribution acceptDistribution,
		Topology topology) {

	/** The upper bound of {@code loops}. */
	public static final int MAX_LOOPS = 64;

	public EngineConfig {
		require(host != null && !host.isBlank(), "host", host, "must not be blank");
		require(port >= 0 && port <= 65535, "port", port, "must be between 0 and 65535");
		require(backlog >= 1, "backlog", backlog, "must be at least 1");
		require(loops >= 1 && loops <= MAX_LOOPS, "loops", loops, "must be between 1 and " + MAX_LOOPS);
		require(triggerMode != null, "trigger-mode", null, "must be one of " + TriggerMode.validValues());
		require(maxConnections >= 1, "max-connections", maxConnections, "must be at least 1");
		require(maxEvents >= 1 && maxEvents <= 65536, "max-events", maxEvents, "must be between 1 and 65536");
		require(readBufferSize >= 64 && readBufferSize <= 16 * 1024 * 1024, "read-buffer-size", readBufferSize,
				"must be between 64 B and 16 MB");
		require(writeHighWatermark >= 1, "write-high-watermark", writeHighWatermark, "must be at least 1 byte");
		require(writeLowWatermark >= 0 && writeLowWatermark < writeHighWatermark, "write-low-watermark",
				writeLowWatermark, "must be at least 0 and below write-high-watermark (" + writeHighWatermark + ")");
		require(idleTimeout != null && !idleTimeout.isNegative(), "idle-timeout", idleTimeout,
				"must be zero (disabled) or positive");
		require(drainTimeout != null && !drainTimeout.isNegative(), "drain-timeout", drainTimeout,
				"must be zero or positive");
		require(backend != null, "backend", null, "must be one of " + BackendKind.validValues());
		require(acceptDistribution != null, "accept-distribution", null,
				"must be one of " + AcceptDistribution.validValues());
		require(topology != null, "topology", null, "must be one of " + Topology.validValues());
	}

	/** A configuration with one epoll instance per loop thread. */
	public EngineConfig(String host, int port, int backlog, int loops, TriggerMode triggerMode, int maxConnections,
			int maxEvents, int readBufferSize, int writeHighWatermark, int writeLowWatermark, Duration idleTimeout,
			Duration drainTimeout, boolean tcpNoDelay, BackendKind backend, AcceptDistribution acceptDistribution) {
		this(host, port, backlog, loops, triggerMode, maxConnections, maxEvents, readBufferSize, writeHighWatermark,
				writeLowWatermark, idleTimeout, drainTimeout, tcpNoDelay, backend, acceptDistribution,
				Topology.LOOP_PER_THREAD);
	}

	/** A configuration whose loops keep one {@code SO_REUSEPORT} listener each. */
	public EngineConfig(String host, int port, int backlog, int loops, TriggerMode triggerMode, int maxConnections,
			int maxEvents, int readBufferSize, int writeHighWatermark, int writeLowWatermark, Duration idleTimeout,
			Duration drainTimeout, boolean tcpNoDelay, BackendKind backend) {
		this(host, port, backlog, loops, triggerMode, maxConnections, maxEvents, readBufferSize, writeHighWatermark,
				writeLowWatermark, idleTimeout, drainTimeout, tcpNoDelay, backend, AcceptDistribution.REUSEPORT);
	}

	/** A configuration on the epoll backend. */
	public EngineConfig(String host, int port, int backlog, int loops, TriggerMode triggerMode, int maxConnections,
			int maxEvents, int readBufferSize, int writeHighWatermark, int writeLowWatermark, Duration idleTimeout,
			Duration drainTimeout, boolean tcpNoDelay) {
		this(host, port, backlog, loops, triggerMode, maxConnections, maxEvents, readBufferSize, writeHighWatermark,
				writeLowWatermark, idleTimeout, drainTimeout, tcpNoDelay, BackendKind.EPOLL);
	}

	/** The defaults: {@code 0.0.0.0:7878}, one loop, level-triggered. */
	public static EngineConfig defaults() {
		return new EngineConfig("0.0.0.0", 7878, 1024, 1, TriggerMode.LEVEL, 10_000, 1024, 64 * 1024, 128 * 1024,
				32 * 1024, Duration.ZERO, Duration.ofSeconds(10), true);
	}

	/** A copy bound to another host and port. */
	public EngineConfig withAddress(String host, int port) {
		return new EngineConfig(host, port, this.backlog, this.loops, this.triggerMode, this.maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, this.backend, this.acceptDistribution, this.topology);
	}

	/** A copy with another number of loops. */
	public EngineConfig withLoops(int loops) {
		return new EngineConfig(this.host, this.port, this.backlog, loops, this.triggerMode, this.maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, this.backend, this.acceptDistribution, this.topology);
	}

	/** A copy with another initial trigger mode. */
	public EngineConfig withTriggerMode(TriggerMode triggerMode) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, triggerMode, this.maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, this.backend, this.acceptDistribution, this.topology);
	}

	/** A copy with another connection limit. */
	public EngineConfig withMaxConnections(int maxConnections) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode, maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, this.backend, this.acceptDistribution, this.topology);
	}

	/** A copy with other buffer sizes. */
	public EngineConfig withBuffers(int readBufferSize, int writeHighWatermark, int writeLowWatermark) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode, this.maxConnections,
				this.maxEvents, readBufferSize, writeHighWatermark, writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, this.backend, this.acceptDistribution, this.topology);
	}

	/** A copy with another {@code epoll_event} array size. */
	public EngineConfig withMaxEvents(int maxEvents) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode, this.maxConnections,
				maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, this.backend, this.acceptDistribution, this.topology);
	}

	/** A copy with other idle and drain timeouts. */
	public EngineConfig withTimeouts(Duration idleTimeout, Duration drainTimeout) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode, this.maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, idleTimeout,
				drainTimeout, this.tcpNoDelay, this.backend, this.acceptDistribution, this.topology);
	}

	/** A copy with {@code TCP_NODELAY} on or off. */
	public EngineConfig withTcpNoDelay(boolean tcpNoDelay) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode, this.maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, tcpNoDelay, this.backend, this.acceptDistribution, this.topology);
	}

	/** A copy on another readiness backend. */
	public EngineConfig withBackend(BackendKind backend) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode, this.maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, backend, this.acceptDistribution, this.topology);
	}

	/** A copy with another way for the loops to share the listening port. */
	public EngineConfig withAcceptDistribution(AcceptDistribution acceptDistribution) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode, this.maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, this.backend, acceptDistribution, this.topology);
	}

	/** A copy with another topology. */
	public EngineConfig withTopology(Topology topology) {
		return new EngineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode, this.maxConnections,
				this.maxEvents, this.readBufferSize, this.writeHighWatermark, this.writeLowWatermark, this.idleTimeout,
				this.drainTimeout, this.tcpNoDelay, this.backend, this.acceptDistribution, topology);
	}

	private static void require(boolean valid, String name, Object value, String rule) {
		if (!valid) {
			throw new IllegalArgumentException(
					"gateway.engine." + name + " " + rule + " (was " + Objects.toString(value) + ")");
		}
	}

}
