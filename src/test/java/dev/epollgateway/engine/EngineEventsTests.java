package dev.epollgateway.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's events on real sockets: each carries the peer, the reason and the engine's number for it, and the
 * numbers count every event, also those nobody listened to.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineEventsTests {

	@Test
	void connectionEventsNameThePeerTheLoopAndTheReason() throws Exception {
		List<EngineEvent> events = new CopyOnWriteArrayList<>();
		try (RunningEngine running = RunningEngine.start(RunningEngine.config(TriggerMode.EDGE).withLoops(1))) {
			running.engine().addEventListener(events::add);
			try (EchoClient client = EchoClient.connect(running.address())) {
				client.roundTrip(64);
				long id = running.connectionOf(client).id();
				client.shutdownOutput();
				client.expectEof(Duration.ofSeconds(10));
				await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
				EngineEvent opened = events.get(0);
				EngineEvent closed = events.get(1);
				assertThat(opened.type()).isEqualTo(EngineEvent.Type.CONNECTION_OPENED);
				assertThat(opened.connectionId()).isEqualTo(id);
				assertThat(opened.remote()).isEqualTo("127.0.0.1:" + client.localPort());
				assertThat(opened.detail()).matches("fd \\d+, loop 0");
				assertThat(opened.reason()).isNull();
				assertThat(closed.type()).isEqualTo(EngineEvent.Type.CONNECTION_CLOSED);
				assertThat(closed.connectionId()).isEqualTo(id);
				assertThat(closed.remote()).isEqualTo(opened.remote());
				assertThat(closed.reason()).isEqualTo(CloseReason.PEER_CLOSED);
				assertThat(closed.detail()).isEqualTo("peer closed");
				assertThat(closed.sequence()).isEqualTo(opened.sequence() + 1);
			}
		}
	}

	@Test
	void eventsAreNumberedAlsoWhileNobodyListens() throws Exception {
		List<EngineEvent> events = new CopyOnWriteArrayList<>();
		try (RunningEngine running = RunningEngine.start(RunningEngine.config(TriggerMode.LEVEL).withLoops(1))) {
			// Two events nobody hears: the connection opening and closing.
			try (EchoClient unheard = EchoClient.connect(running.address())) {
				unheard.roundTrip(16);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> running.engine().activeConnections() == 0);
			running.engine().addEventListener(events::add);
			ModeSwitch done = running.switchTo(TriggerMode.ONESHOT);
			await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
			EngineEvent switched = events.get(0);
			assertThat(switched.type()).isEqualTo(EngineEvent.Type.MODE_SWITCHED);
			assertThat(switched.sequence()).isEqualTo(3);
			assertThat(switched.connectionId()).isZero();
			assertThat(switched.detail()).isEqualTo(done.describe()).startsWith("LEVEL -> ONESHOT (0 connections");
		}
	}

}
