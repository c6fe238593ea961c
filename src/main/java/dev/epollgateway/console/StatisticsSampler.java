package dev.epollgateway.console;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.epollgateway.engine.EngineStatistics;
import dev.epollgateway.engine.EpollEngine;

import org.springframework.context.SmartLifecycle;

/**
 * Reads the engine's counters once per interval and keeps the differences as {@link StatisticsSample}s in a ring of
 * fixed size, handing each new sample to a listener (the statistics stream).
 * <p>
 * Threading: one daemon thread of its own. {@link EpollEngine#statistics()} reads the loops' counters without posting
 * any command to a loop and without waking one, so sampling costs the data path nothing. The listener is called on
 * the sampler thread and must not block (the stream only offers to bounded queues).
 */
public class StatisticsSampler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(StatisticsSampler.class);

	private final EpollEngine engine;

	private final Duration interval;

	private final StatisticsHistory history;

	private final Consumer<StatisticsSample> listener;

	private ScheduledExecutorService executor;

	private EngineStatistics previous;

	public StatisticsSampler(EpollEngine engine, Duration interval, int capacity, Consumer<StatisticsSample> listener) {
		this.engine = engine;
		this.interval = interval;
		this.history = new StatisticsHistory(capacity);
		this.listener = listener;
	}

	/** The samples kept, oldest first. */
	public List<StatisticsSample> history() {
		return this.history.samples();
	}

	/** Samples kept at most. */
	public int capacity() {
		return this.history.capacity();
	}

	/** The interval between two samples. */
	public Duration interval() {
		return this.interval;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.previous = this.engine.statistics();
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "console-sampler");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleAtFixedRate(this::sample, millis, millis, TimeUnit.MILLISECONDS);
	}

	/** One turn; sampler thread only. */
	void sample() {
		try {
			EngineStatistics current = this.engine.statistics();
			StatisticsSample sample = StatisticsSample.between(this.previous, current);
			this.previous = current;
			this.history.add(sample);
			this.listener.accept(sample);
		}
		catch (RuntimeException ex) {
			// A failed turn must not cancel the schedule (scheduleAtFixedRate stops on an exception).
			logger.warn("Statistics sample failed: " + ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
