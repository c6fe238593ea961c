package dev.epollgateway.console;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.epollgateway.admin.ApiException;
import dev.epollgateway.admin.ProblemCode;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The statistics stream: to each subscriber first one {@code history} event (every sample kept, oldest first, with
 * the histogram's bucket bounds), then one {@code sample} event per new sample.
 * <p>
 * Threading: {@link #publish} runs on the sampler thread and only offers to each subscriber's bounded queue; a
 * subscriber whose queue is full is dropped (its stream ends with a {@code dropped} event). Each subscriber has its
 * own daemon sender thread, so a stalled client holds up no one; their number is capped.
 */
public class StatisticsStream implements ApplicationListener<ContextClosedEvent> {

	private static final Log logger = LogFactory.getLog(StatisticsStream.class);

	private static final int QUEUE_CAPACITY = 64;

	private final int maxSubscribers;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final AtomicLong subscriberIds = new AtomicLong();

	public StatisticsStream(int maxSubscribers) {
		this.maxSubscribers = maxSubscribers;
	}

	/**
	 * Registers a subscriber: it is sent the history from {@code history}, then every published sample.
	 * @throws ApiException 503 when the maximum number of subscribers is reached
	 */
	public SseEmitter subscribe(Supplier<Map<String, Object>> history) {
		SseEmitter emitter = new SseEmitter(0L);
		Subscriber subscriber = new Subscriber(emitter, history);
		synchronized (this.subscribers) {
			if (this.subscribers.size() >= this.maxSubscribers) {
				throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemCode.TOO_MANY_SUBSCRIBERS,
						"At most " + this.maxSubscribers + " statistics-stream subscribers are allowed at once",
						Map.of("maxSubscribers", this.maxSubscribers), null);
			}
			this.subscribers.add(subscriber);
		}
		emitter.onCompletion(subscriber::close);
		emitter.onTimeout(subscriber::close);
		emitter.onError((ex) -> subscriber.close());
		subscriber.sender.start();
		return emitter;
	}

	/** Subscribers now. */
	public int subscribers() {
		return this.subscribers.size();
	}

	/** Sampler thread: offer and return, never block. */
	void publish(StatisticsSample sample) {
		for (Subscriber subscriber : this.subscribers) {
			if (!subscriber.queue.offer(sample)) {
				subscriber.dropped = true;
				this.subscribers.remove(subscriber);
			}
		}
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		for (Subscriber subscriber : this.subscribers) {
			subscriber.close();
		}
	}

	private final class Subscriber implements Runnable {

		private final SseEmitter emitter;

		private final Supplier<Map<String, Object>> history;

		private final BlockingQueue<StatisticsSample> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);

		private final Thread sender;

		private volatile boolean dropped;

		private volatile boolean closed;

		Subscriber(SseEmitter emitter, Supplier<Map<String, Object>> history) {
			this.emitter = emitter;
			this.history = history;
			this.sender = new Thread(this, "console-stream-" + StatisticsStream.this.subscriberIds.incrementAndGet());
			this.sender.setDaemon(true);
		}

		void close() {
			this.closed = true;
			StatisticsStream.this.subscribers.remove(this);
			if (Thread.currentThread() != this.sender) {
				this.sender.interrupt();
			}
		}

		@Override
		public void run() {
			try {
				// Samples published while the history is being sent wait in the queue; those already in the history
				// are skipped by time.
				Map<String, Object> history = this.history.get();
				this.emitter.send(SseEmitter.event().name("history").data(history, MediaType.APPLICATION_JSON));
				long last = lastSampleTime(history);
				while (!this.closed) {
					StatisticsSample sample = this.queue.take();
					if (this.dropped) {
						this.emitter.send(SseEmitter.event()
							.name("dropped")
							.data("This subscriber fell " + QUEUE_CAPACITY + " samples behind; reconnect to resume"));
						break;
					}
					if (sample.at() > last) {
						last = sample.at();
						this.emitter.send(SseEmitter.event().name("sample").data(sample, MediaType.APPLICATION_JSON));
					}
				}
				this.emitter.complete();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.emitter.complete();
			}
			catch (IOException | IllegalStateException ex) {
				logger.debug("Statistics stream subscriber ended: " + ex.getMessage());
			}
			finally {
				close();
			}
		}

		private static long lastSampleTime(Map<String, Object> history) {
			Object samples = history.get("samples");
			if (samples instanceof List<?> list && !list.isEmpty()
					&& list.get(list.size() - 1) instanceof StatisticsSample sample) {
				return sample.at();
			}
			return Long.MIN_VALUE;
		}

	}

}
