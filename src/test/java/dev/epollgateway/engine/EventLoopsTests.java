package dev.epollgateway.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.epollgateway.engine.query.ConnectionInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several event loops ({@code loops: 2}): each with its own {@code SO_REUSEPORT} listener and epoll instance;
 * connections spread over them, and a trigger-mode switch reaches every one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventLoopsTests {

	@ParameterizedTest(name = "starting in {0}")
	@EnumSource(TriggerMode.class)
	void connectionsSpreadOverBothLoopsAndASwitchReachesBoth(TriggerMode startMode) throws Exception {
		int clients = 40;
		try (RunningEngine running = RunningEngine.start(RunningEngine.config(startMode).withLoops(2));
				EchoClients connected = EchoClients.connect(running.address(), clients)) {
			connected.roundTripEach(100);
			Map<Integer, Long> perLoop = running.connections()
				.stream()
				.collect(Collectors.groupingBy(ConnectionInfo::loop, Collectors.counting()));
			// The kernel hashes each connection to a listener: all 40 on one of 2 loops has odds of 2^-39.
			assertThat(perLoop).as("connections per loop").containsOnlyKeys(0, 1);
			assertThat(running.statistics().loops()).isEqualTo(2);
			InterestListAssertions.assertKernelHasModeOnEveryConnection(running, startMode, clients);

			TriggerMode mode = startMode;
			for (int i = 0; i < TriggerMode.values().length; i++) {
				TriggerMode next = TriggerModeSwitchTests.next(mode);
				ModeSwitch result = running.switchTo(next);
				assertThat(result.previous()).isEqualTo(mode);
				assertThat(result.connectionsRearmed()).as("re-armed over both loops").isEqualTo(clients);
				InterestListAssertions.assertKernelHasModeOnEveryConnection(running, next, clients);
				connected.roundTripEach(5_000);
				mode = next;
			}
			for (EchoClient client : connected) {
				client.shutdownOutput();
				client.expectEof(Duration.ofSeconds(10));
			}
		}
	}

}
