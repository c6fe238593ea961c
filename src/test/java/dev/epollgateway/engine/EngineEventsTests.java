package dev.epollgateway.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

	@Test
	void aFloodOfRejectionsIsReportedAtMostOncePerSecondWithNothingUncounted() throws Exception {
		int flood = 40;
		List<EngineEvent> events = new CopyOnWriteArrayList<>();
		EngineConfig config = RunningEngine.config(TriggerMode.LEVEL).withLoops(1).withMaxConnections(1);
		try (RunningEngine running = RunningEngine.start(config);
				EchoClient admitted = EchoClient.connect(running.address())) {
			admitted.roundTrip(64);
			running.engine().addEventListener((event) -> {
				if (event.type() == EngineEvent.Type.CONNECTION_REJECTED) {
					events.add(event);
				}
			});
			List<Integer> refusedPorts = new ArrayList<>();
			for (int i = 0; i < flood; i++) {
				try (EchoClient refused = EchoClient.connect(running.address())) {
					refusedPorts.add(refused.localPort());
					refused.awaitServerClose(Duration.ofSeconds(10));
				}
			}
			// The counts that follow the first event are published once its second is over, with no new arrival.
			await().atMost(Duration.ofSeconds(10)).until(() -> reportedRejections(events) == flood);
			EngineEvent first = events.get(0);
			assertThat(first.remote()).isEqualTo("127.0.0.1:" + refusedPorts.get(0));
			assertThat(first.rejectReason()).isEqualTo(RejectReason.MAX_CONNECTIONS);
			assertThat(first.connectionId()).isZero();
			assertThat(first.detail()).isEqualTo("max-connections reached (loop 0)");
			for (int i = 1; i < events.size(); i++) {
				assertThat(Duration.between(events.get(i - 1).at(), events.get(i).at()))
					.as("events %d and %d of %s", i - 1, i, events)
					.isGreaterThanOrEqualTo(Duration.ofMillis(990));
				assertThat(events.get(i).rejectReason()).isEqualTo(RejectReason.MAX_CONNECTIONS);
			}
			assertThat(events.size()).as("%s", events).isLessThan(flood);
			assertThat(running.statistics().connections().rejected()).containsEntry(RejectReason.MAX_CONNECTIONS,
					(long) flood);
			admitted.roundTrip(64);
		}
	}

	/** How many rejections the events account for: one each, plus the counts they carry for the ones folded in. */
	private static long reportedRejections(List<EngineEvent> events) {
		Pattern more = Pattern.compile("(\\d+) more");
		long total = 0;
		for (EngineEvent event : events) {
			Matcher matcher = more.matcher(event.detail());
			if (event.remote() != null) {
				total++;
			}
			if (matcher.find()) {
				total += Long.parseLong(matcher.group(1));
			}
		}
		return total;
	}

}
