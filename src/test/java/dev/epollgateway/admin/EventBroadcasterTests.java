package dev.epollgateway.admin;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.EngineEvent;
import dev.epollgateway.engine.EpollEngine;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The fan-out of engine events: the engine's thread never waits for a subscriber, a subscriber that falls behind its
 * bounded queue is dropped (and told so), and the others still get every event.
 */
class EventBroadcasterTests {

	@Test
	void aSlowSubscriberIsDroppedWhileAFastOneGetsEveryEvent() {
		EventBroadcaster broadcaster = new EventBroadcaster(null, 4, 8, Duration.ofMinutes(1));
		CountDownLatch release = new CountDownLatch(1);
		RecordingEmitter slow = new RecordingEmitter(release);
		RecordingEmitter fast = new RecordingEmitter(null);
		broadcaster.subscribe(slow);
		broadcaster.subscribe(fast);
		await().until(() -> slow.blocked);
		try {
			// The slow subscriber's sender is stuck in its first write, so its queue (4) fills and the 5th event
			// drops it. The fast one is kept up to date event by event, so it is never behind.
			for (int i = 1; i <= 20; i++) {
				broadcaster.onEvent(event(i));
				int sent = i;
				await().until(() -> opened(fast) == sent);
				if (i == 4) {
					assertThat(broadcaster.subscribers()).isEqualTo(2);
				}
			}
			assertThat(broadcaster.subscribers()).isEqualTo(1);
			assertThat(broadcaster.droppedSubscribers()).isEqualTo(1);
		}
		finally {
			release.countDown();
		}
		await().until(() -> slow.names.contains("dropped") && slow.completed);
		assertThat(fast.completed).isFalse();
		broadcaster.destroy();
	}

	@Test
	void everySubscriberGetsTheEnginesNumberOfAnEventAsItsId() {
		EventBroadcaster broadcaster = new EventBroadcaster(null, 4, 8, Duration.ofMinutes(1));
		RecordingEmitter first = new RecordingEmitter(null);
		RecordingEmitter second = new RecordingEmitter(null);
		broadcaster.subscribe(first);
		broadcaster.subscribe(second);
		// 42 to 44 happened while nobody listened: the gap is what a reconnecting client missed.
		broadcaster.onEvent(numbered(41));
		broadcaster.onEvent(numbered(45));
		await().until(() -> first.ids.size() == 2 && second.ids.size() == 2);
		assertThat(first.ids).containsExactly("41", "45");
		assertThat(second.ids).containsExactly("41", "45");
		broadcaster.destroy();
	}

	@Test
	void listensToTheEngineOnlyWhileSomeoneSubscribes() {
		EpollEngine engine = mock(EpollEngine.class);
		EventBroadcaster broadcaster = new EventBroadcaster(engine, 4, 8, Duration.ofMillis(10));
		assertThat(broadcaster.isListening()).isFalse();
		RecordingEmitter first = new RecordingEmitter(null);
		RecordingEmitter second = new RecordingEmitter(null);
		broadcaster.subscribe(first);
		broadcaster.subscribe(second);
		verify(engine, times(1)).addEventListener(broadcaster);
		assertThat(broadcaster.isListening()).isTrue();
		// A client that goes away makes its next write (a heartbeat at the latest) fail, which ends its sender.
		first.gone = true;
		await().until(() -> broadcaster.subscribers() == 1);
		assertThat(broadcaster.isListening()).isTrue();
		verify(engine, never()).removeEventListener(broadcaster);
		second.gone = true;
		await().until(() -> broadcaster.subscribers() == 0);
		assertThat(broadcaster.isListening()).isFalse();
		verify(engine, times(1)).removeEventListener(broadcaster);
	}

	@Test
	void closingTheApplicationEndsEveryStream() {
		EventBroadcaster broadcaster = new EventBroadcaster(null, 4, 8, Duration.ofMinutes(1));
		RecordingEmitter first = new RecordingEmitter(null);
		RecordingEmitter second = new RecordingEmitter(null);
		broadcaster.subscribe(first);
		broadcaster.subscribe(second);
		broadcaster.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
		assertThat(broadcaster.subscribers()).isZero();
		await().until(() -> first.completed && second.completed);
	}

	@Test
	void subscribersAreCapped() {
		EventBroadcaster broadcaster = new EventBroadcaster(null, 4, 1, Duration.ofMinutes(1));
		broadcaster.subscribe(new RecordingEmitter(null));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> broadcaster.subscribe(new RecordingEmitter(null)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ProblemCode.TOO_MANY_SUBSCRIBERS));
		broadcaster.destroy();
	}

	private static long opened(RecordingEmitter emitter) {
		return emitter.names.stream().filter("CONNECTION_OPENED"::equals).count();
	}

	private static EngineEvent event(long id) {
		return new EngineEvent(EngineEvent.Type.CONNECTION_OPENED, Instant.now(), id, "127.0.0.1:" + (40000 + id),
				null, "opened");
	}

	private static EngineEvent numbered(long sequence) {
		return new EngineEvent(sequence, EngineEvent.Type.CONNECTION_OPENED, Instant.now(), sequence,
				"127.0.0.1:" + (40000 + sequence), null, "opened");
	}

	/** Records the names and ids of the events sent; optionally blocks the first send until released. */
	private static final class RecordingEmitter extends SseEmitter {

		final List<String> names = new CopyOnWriteArrayList<>();

		final List<String> ids = new CopyOnWriteArrayList<>();

		private final CountDownLatch release;

		volatile boolean blocked;

		volatile boolean completed;

		volatile boolean gone;

		RecordingEmitter(CountDownLatch release) {
			super(0L);
			this.release = release;
		}

		@Override
		public void send(SseEventBuilder builder) throws IOException {
			if (this.gone) {
				throw new IOException("Broken pipe");
			}
			if (this.release != null && !this.blocked) {
				this.blocked = true;
				try {
					this.release.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
			}
			StringBuilder text = new StringBuilder();
			builder.build().forEach((part) -> text.append((part.getData() instanceof String string) ? string : ""));
			int id = text.indexOf("id:");
			if (id >= 0) {
				this.ids.add(text.substring(id + 3, text.indexOf("\n", id)).trim());
			}
			int event = text.indexOf("event:");
			if (event >= 0) {
				this.names.add(text.substring(event + 6, text.indexOf("\n", event)).trim());
			}
		}

		@Override
		public synchronized void complete() {
			this.completed = true;
		}

	}

}
