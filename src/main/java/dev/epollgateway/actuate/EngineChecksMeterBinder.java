package dev.epollgateway.actuate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.InterestList;

import org.springframework.boot.health.contributor.Status;

/**
 * Two gauges for the engine's self-checks, so that alert rules can see what the health probe and the
 * {@code epoll} endpoint see: {@code gateway.engine.liveness} (1 while the {@code epollEngine} liveness check is UP,
 * 0 when it is DOWN) and {@code gateway.epoll.interest.mismatches} (loops whose interest list, as the engine recorded
 * it, differs from the kernel's {@code /proc/self/fdinfo/<epfd>}; NaN when the loops do not answer in time).
 * <p>
 * Both are computed when a registry asks (once per scrape), on the scraping thread, which waits for the loops at most
 * the given timeout for each. The interest list is built on the loop threads, between two batches: each scrape costs
 * every loop one read of its {@code /proc/self/fdinfo/<epfd>} (as {@code GET /actuator/epoll} does), and wakes it.
 */
public class EngineChecksMeterBinder implements MeterBinder {

	private final EpollEngine engine;

	private final EngineLivenessHealthIndicator liveness;

	private final Duration timeout;

	public EngineChecksMeterBinder(EpollEngine engine, EngineLivenessHealthIndicator liveness, Duration timeout) {
		this.engine = engine;
		this.liveness = liveness;
		this.timeout = timeout;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("gateway.engine.liveness", this, EngineChecksMeterBinder::liveness)
			.description("1 while the liveness check (every loop answers in time, engine not stopped) is UP, else 0")
			.register(registry);
		Gauge.builder("gateway.epoll.interest.mismatches", this, EngineChecksMeterBinder::interestMismatches)
			.description("Event loops whose interest list differs from the kernel's view of it")
			.register(registry);
	}

	private double liveness() {
		return Status.UP.equals(this.liveness.health().getStatus()) ? 1 : 0;
	}

	private double interestMismatches() {
		try {
			InterestList interest = this.engine.interestList().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return interest.loops().stream().filter((loop) -> !loop.agrees()).count();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Double.NaN;
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// Stopped, not started or stuck: unknown, which the liveness gauge reports.
			return Double.NaN;
		}
	}

}
