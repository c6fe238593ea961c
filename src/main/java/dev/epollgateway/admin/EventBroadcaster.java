package dev.epollgateway.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.epollgateway.engine.EngineEvent;
import dev.epollgateway.engine.EngineEventListener;
import dev.epollgateway.engine.EpollEngine;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fans the engine's events out to event-stream subscribers without ever slowing the engine.
 * <p>
 * Threading: {@link #onEvent} runs on a loop thread; it only offers the event to each subscriber's bounded queue
 * and never blocks. A subscriber whose queue is full is dropped there and then (its stream ends with a
 * {@code dropped} event): the slow reader pays, not the engine. Each subscriber has its own daemon sender thread that
 * takes from its queue and writes to the HTTP response, so one stalled client cannot hold up another; their number is
 * capped. The broadcaster listens to the engine only while it has subscribers: without a listener the engine does
 * not even build its events.
 * <p>
 * Each event's SSE {@code id} is the engine's number for it ({@link EngineEvent#sequence()}): the same for every
 * subscriber, and counted over every event the engine had, listened to or not, so a client that reconnects with
 * {@code Last-Event-ID} tells from the first id it then gets how many it missed.
 */
public class EventBroadcaster implements EngineEventListener, ApplicationListener<ContextClosedEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(EventBroadcaster.class);

	private final EpollEngine engine;

	private final int queueCapacity;

	private final int maxSubscribers;

	private final Duration heartbeat;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong subscriberIds = new AtomicLong();

	/** Guards subscribing, unsubscribing and the engine registration; never taken on a loop thread. */
	private final Object registration = new Object();

	private boolean listening;

	public EventBroadcaster(EpollEngine engine, AdminProperties properties) {
		this(engine, properties.eventQueueCapacity(), properties.maxEventSubscribers(), properties.eventHeartbeat());
	}

	EventBroadcaster(EpollEngine engine, int queueCapacity, int maxSubscribers, Duration heartbeat) {
		this.engine = engine;
		this.queueCapacity = queueCapacity;
		this.maxSubscribers = maxSubscribers;
		this.heartbeat = heartbeat;
	}

	/**
	 * Ends every stream as soon as the application starts closing: the web server's graceful shutdown would
	 * otherwise wait for these never-ending requests until its timeout.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		destroy();
	}

	@Override
	public void destroy() {
		for (Subscriber subscriber : this.subscribers) {
			subscriber.close();
		}
		synchronized (this.registration) {
			stopListeningIfIdle();
		}
	}

	/**
	 * Registers a subscriber and starts its sender.
	 * @throws ApiException 503 when the maximum number of subscribers is reached
	 */
	public SseEmitter subscribe() {
		// 0: no async timeout; the heartbeat finds clients that went away.
		return subscribe(new SseEmitter(0L));
	}

	SseEmitter subscribe(SseEmitter emitter) {
		Subscriber subscriber = new Subscriber(emitter, new ArrayBlockingQueue<>(this.queueCapacity));
		synchronized (this.registration) {
			if (this.subscribers.size() >= this.maxSubscribers) {
				throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemCode.TOO_MANY_SUBSCRIBERS,
						"At most " + this.maxSubscribers + " event-stream subscribers are allowed at once",
						Map.of("maxSubscribers", this.maxSubscribers), null);
			}
			this.subscribers.add(subscriber);
			if (!this.listening && this.engine != null) {
				this.engine.addEventListener(this);
				this.listening = true;
			}
		}
		emitter.onCompletion(subscriber::close);
		emitter.onTimeout(subscriber::close);
		emitter.onError((ex) -> subscriber.close());
		subscriber.start();
		return emitter;
	}

	/** Whether the broadcaster is registered with the engine now. */
	boolean isListening() {
		synchronized (this.registration) {
			return this.listening;
		}
	}

	private void stopListeningIfIdle() {
		if (this.listening && this.subscribers.isEmpty()) {
			this.engine.removeEventListener(this);
			this.listening = false;
		}
	}

	/** Subscribers now. */
	public int subscribers() {
		return this.subscribers.size();
	}

	/** Subscribers dropped because they fell behind, since start. */
	public long droppedSubscribers() {
		return this.dropped.get();
	}

	/** Called on a loop thread: offer and return, never block. */
	@Override
	public void onEvent(EngineEvent event) {
		for (Subscriber subscriber : this.subscribers) {
			if (!subscriber.queue.offer(event)) {
				drop(subscriber);
			}
		}
	}

	private void drop(Subscriber subscriber) {
		// On a loop thread: no lock here; the sender unregisters from the engine when it ends.
		if (this.subscribers.remove(subscriber)) {
			this.dropped.incrementAndGet();
			subscriber.dropped = true;
			// The sender notices on its next turn; waking it here could block on its emitter's lock.
		}
	}

	private final class Subscriber implements Runnable {

		private final SseEmitter emitter;

		private final BlockingQueue<EngineEvent> queue;

		private final Thread sender;

		private volatile boolean dropped;

		private volatile boolean closed;

		Subscriber(SseEmitter emitter, BlockingQueue<EngineEvent> queue) {
			this.emitter = emitter;
			this.queue = queue;
			this.sender = new Thread(this, "sse-subscriber-" + EventBroadcaster.this.subscriberIds.incrementAndGet());
			this.sender.setDaemon(true);
		}

		void start() {
			this.sender.start();
		}

		void close() {
			this.closed = true;
			synchronized (EventBroadcaster.this.registration) {
				EventBroadcaster.this.subscribers.remove(this);
				stopListeningIfIdle();
			}
			if (Thread.currentThread() != this.sender) {
				this.sender.interrupt();
			}
		}

		@Override
		public void run() {
			try {
				this.emitter.send(SseEmitter.event().comment("epoll-gateway events"));
				while (!this.closed) {
					EngineEvent event = this.queue.poll(EventBroadcaster.this.heartbeat.toMillis(),
							TimeUnit.MILLISECONDS);
					if (this.dropped) {
						this.emitter.send(SseEmitter.event()
							.name("dropped")
							.data("This subscriber fell " + EventBroadcaster.this.queueCapacity
									+ " events behind and was dropped; reconnect to resume"));
						this.emitter.complete();
						return;
					}
					if (event == null) {
						this.emitter.send(SseEmitter.event().comment("heartbeat"));
					}
					else {
						this.emitter.send(SseEmitter.event()
							.id(Long.toString(event.sequence()))
							.name(event.type().name())
							.data(EventView.of(event), MediaType.APPLICATION_JSON));
					}
				}
				// Closed by the application (shutdown) or by the container: end the response.
				this.emitter.complete();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.emitter.complete();
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away or the emitter completed: nothing more to send.
				logger.debug("Event stream subscriber ended: " + ex.getMessage());
			}
			finally {
				close();
			}
		}

	}

}
