package dev.epollgateway.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import dev.epollgateway.engine.AcceptDistribution;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.OpenFileLimit;
import dev.epollgateway.engine.Topology;
import dev.epollgateway.engine.TriggerMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code gateway.engine.*} properties. A bad value fails the start with the property's name.
 *
 * @param host address the echo listeners bind
 * @param port echo port (0 picks a free one)
 * @param backlog listen backlog (capped by the kernel's {@code net.core.somaxconn})
 * @param loops event loops, each on its own thread with its own epoll instance and {@code SO_REUSEPORT} listener
 * @param triggerMode initial trigger mode: {@code level}, {@code edge} or {@code oneshot}
 * @param maxConnections live connections allowed, the excess closed at once and counted; {@code null} (unset)
 * derives it from the process's open-file limit, and a value above that limit is refused (see {@link ConnectionLimit})
 * @param maxEvents events fetched per {@code epoll_wait}
 * @param readBufferSize the read buffer each loop shares between its connections
 * @param writeHighWatermark a connection's write backlog above which its reading pauses
 * @param writeLowWatermark the backlog below which a paused connection reads again
 * @param idleTimeout connections idle this long are closed; {@code 0s} disables it
 * @param drainTimeout how long stop and drain flush and close connections before force-closing the rest
 * @param tcpNoDelay {@code TCP_NODELAY} on every connection, so an echo leaves without waiting for the peer's ACK
 * @param backend the readiness backend: {@code epoll}, {@code poll} or {@code select} (which modes and how many
 * connections it serves is checked when the engine starts, naming both settings)
 * @param acceptDistribution how the loops share the listening port: {@code reuseport} (one listener per loop),
 * {@code shared} (one socket in every loop) or {@code exclusive} (the shared socket with {@code EPOLLEXCLUSIVE},
 * epoll only, checked when the engine starts naming both settings); switchable at run time
 * @param topology {@code loop-per-thread} (an epoll instance per loop thread) or {@code shared-epoll} (every loop
 * thread waits on one epoll instance; epoll only, checked when the engine starts naming both settings)
 */
@ConfigurationProperties("gateway.engine")
@Validated
public record EngineProperties(@DefaultValue("0.0.0.0") @NotBlank String host,
		@DefaultValue("7878") @Min(0) @Max(65535) int port, @DefaultValue("1024") @Min(1) int backlog,
		@DefaultValue("1") @Min(1) @Max(EngineConfig.MAX_LOOPS) int loops,
		@DefaultValue("level") @NotNull TriggerMode triggerMode, @Min(1) Integer maxConnections,
		@DefaultValue("1024") @Min(1) @Max(65536) int maxEvents, @DefaultValue("64KB") @NotNull DataSize readBufferSize,
		@DefaultValue("128KB") @NotNull DataSize writeHighWatermark,
		@DefaultValue("32KB") @NotNull DataSize writeLowWatermark, @DefaultValue("0s") @NotNull Duration idleTimeout,
		@DefaultValue("10s") @NotNull Duration drainTimeout, @DefaultValue("true") boolean tcpNoDelay,
		@DefaultValue("epoll") @NotNull BackendKind backend,
		@DefaultValue("reuseport") @NotNull AcceptDistribution acceptDistribution,
		@DefaultValue("loop-per-thread") @NotNull Topology topology) {

	public EngineProperties {
		if (host != null && triggerMode != null && readBufferSize != null && writeHighWatermark != null
				&& writeLowWatermark != null && idleTimeout != null && drainTimeout != null) {
			// The cross-field rules (watermarks, sizes): failing here reports the property while binding.
			engineConfig(host, port, backlog, loops, triggerMode,
					connectionLimit(maxConnections, loops, (backend != null) ? backend : BackendKind.EPOLL).value(),
					maxEvents, readBufferSize,
					writeHighWatermark, writeLowWatermark, idleTimeout, drainTimeout, tcpNoDelay);
		}
	}

	/**
	 * The engine's configuration; the cross-field rules (watermarks, sizes) are checked here.
	 * @throws IllegalArgumentException naming the offending property
	 */
	public EngineConfig toEngineConfig() {
		return engineConfig(this.host, this.port, this.backlog, this.loops, this.triggerMode,
				connectionLimit().value(), this.maxEvents, this.readBufferSize, this.writeHighWatermark,
				this.writeLowWatermark, this.idleTimeout, this.drainTimeout, this.tcpNoDelay).withBackend(this.backend)
			.withAcceptDistribution(this.acceptDistribution)
			.withTopology(this.topology);
	}

	/**
	 * The effective connection limit and where it came from, against the open-file limit read now.
	 * @throws IllegalArgumentException naming the property and the limit
	 */
	ConnectionLimit connectionLimit() {
		return connectionLimit(this.maxConnections, this.loops, this.backend);
	}

	private static ConnectionLimit connectionLimit(Integer maxConnections, int loops, BackendKind backend) {
		if (maxConnections != null && maxConnections < 1) {
			// EngineConfig refuses it, naming the property.
			return new ConnectionLimit(maxConnections, "");
		}
		return ConnectionLimit.resolve(maxConnections, loops, backend, OpenFileLimit.current());
	}

	private static EngineConfig engineConfig(String host, int port, int backlog, int loops, TriggerMode triggerMode,
			int maxConnections, int maxEvents, DataSize readBufferSize, DataSize writeHighWatermark,
			DataSize writeLowWatermark, Duration idleTimeout, Duration drainTimeout, boolean tcpNoDelay) {
		return new EngineConfig(host, port, backlog, loops, triggerMode, maxConnections, maxEvents,
				bytes(readBufferSize, "read-buffer-size"), bytes(writeHighWatermark, "write-high-watermark"),
				bytes(writeLowWatermark, "write-low-watermark"), idleTimeout, drainTimeout, tcpNoDelay);
	}

	private static int bytes(DataSize size, String name) {
		long bytes = size.toBytes();
		if (bytes < 0 || bytes > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"gateway.engine." + name + " must be between 0 B and 2 GB (was " + size + ")");
		}
		return (int) bytes;
	}

}
