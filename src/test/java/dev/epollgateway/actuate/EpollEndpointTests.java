package dev.epollgateway.actuate;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.epollgateway.admin.EchoClient;
import dev.epollgateway.admin.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/epoll} shows every section of the engine's insight in one read, with numbers that follow real
 * traffic.
 */
class EpollEndpointTests extends GatewayTestSupport {

	@Test
	void oneReadShowsReadyListInterestListBuffersAndSyscalls() throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			for (int i = 0; i < 5; i++) {
				client.echoAndCheck(5000);
			}
			JsonNode epoll = actuator().get("/actuator/epoll").json();
			assertThat(epoll.path("state").asString()).isEqualTo("RUNNING");
			assertThat(epoll.path("loops").asInt()).isEqualTo(1);
			assertThat(epoll.path("connections").path("active").asLong()).isGreaterThanOrEqualTo(1);

			JsonNode ready = epoll.path("readyList");
			assertThat(ready.path("wakeups").asLong()).isPositive();
			assertThat(ready.path("events").asLong()).isPositive();
			assertThat(ready.path("eventsPerWakeupHistogram").propertyNames()).contains("1", "+Inf");
			long histogramTotal = ready.path("eventsPerWakeupHistogram").valueStream().mapToLong(JsonNode::asLong)
				.sum();
			assertThat(histogramTotal).isPositive();
			assertThat(ready.path("readyPending").has("now")).isTrue();
			assertThat(ready.has("fullEventArrays")).isTrue();

			JsonNode loop = epoll.path("interestList").path("loops").get(0);
			assertThat(loop.path("epfd").asInt()).isPositive();
			assertThat(loop.path("agrees").asBoolean()).isTrue();
			assertThat(loop.path("kernelEntries").asInt()).isGreaterThanOrEqualTo(3);
			assertThat(loop.path("registeredByMask").propertyNames()).anySatisfy((mask) -> assertThat(mask)
				.contains("EPOLLIN"));

			assertThat(epoll.path("buffers").has("backlogBytes")).isTrue();
			assertThat(epoll.path("buffers").has("pausedReaders")).isTrue();
			JsonNode syscalls = epoll.path("syscalls");
			assertThat(syscalls.path("read").path("calls").asLong()).isGreaterThanOrEqualTo(5);
			assertThat(syscalls.path("write").path("calls").asLong()).isGreaterThanOrEqualTo(5);
			assertThat(syscalls.path("read").has("eagain")).isTrue();
			assertThat(syscalls.path("epollCtl").path("add").asLong()).isGreaterThanOrEqualTo(1);
			assertThat(syscalls.path("perMessage").asDouble()).isPositive();
			assertThat(epoll.path("traffic").path("bytesIn").asLong()).isGreaterThanOrEqualTo(25_000);
		}
	}

}
