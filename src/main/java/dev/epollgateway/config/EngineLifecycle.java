package dev.epollgateway.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.EngineState;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.Topology;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the engine with the application and drains it on shutdown.
 * <p>
 * It runs in a phase above the web server's graceful shutdown, so it starts after the web server and stops before
 * it: the admin API and Actuator stay up while connections drain. {@link #stop()} blocks until the drain is over
 * (at most {@code gateway.engine.drain-timeout} plus a short margin), whatever the phase timeout.
 */
public class EngineLifecycle implements SmartLifecycle {

	/** Above {@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE} ({@code DEFAULT_PHASE - 1024}). */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Duration STOP_MARGIN = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(EngineLifecycle.class);

	private final EpollEngine engine;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	public EngineLifecycle(EpollEngine engine, ApplicationEventPublisher events) {
		this.engine = engine;
		this.events = events;
	}

	@Override
	public void start() {
		this.engine.start();
		this.running = true;
		EngineConfig config = this.engine.config();
		InetSocketAddress address = this.engine.localAddress();
		logger.info("epoll engine listening on " + address.getAddress().getHostAddress() + ":" + address.getPort() + " ("
				+ config.loops()
				+ ((config.loops() == 1) ? " loop, " : " loops, ")
				+ ((config.topology() == Topology.SHARED_EPOLL) ? "sharing one epoll instance, " : "")
				+ this.engine.triggerMode() + " mode, read and send through " + this.engine.dataPathBinding() + ", max "
				+ config.maxConnections() + " connections)");
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		Duration drainTimeout = this.engine.config().drainTimeout();
		if (this.engine.state() != EngineState.STOPPED) {
			long started = System.nanoTime();
			int open = this.engine.activeConnections();
			try {
				this.engine.drain(drainTimeout).get(drainTimeout.plus(STOP_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
				logger.info("epoll engine drained " + open + " connection" + ((open == 1) ? "" : "s") + " in "
						+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.warn("epoll engine did not drain cleanly", ex);
			}
		}
		this.engine.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Not pauseable: an engine binds once, so a context paused by the test framework (which stops and later restarts
	 * pauseable beans) keeps it running instead.
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

}
