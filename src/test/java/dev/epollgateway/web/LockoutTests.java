package dev.epollgateway.web;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.epollgateway.admin.GatewayClient;
import dev.epollgateway.admin.GatewayTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failed authentications over real HTTP: counted by port and reason, logged once per address and window, and past
 * the limit the address is answered 429 with Retry-After on both ports until the window ends, while the health
 * probes stay open. Its own context (a limit of 3 in a 4 s window), so no other test is locked out.
 */
@TestPropertySource(properties = { "gateway.security.lockout.max-failures=3", "gateway.security.lockout.window=4s" })
@ExtendWith(OutputCaptureExtension.class)
class LockoutTests extends GatewayTestSupport {

	@Autowired
	private MeterRegistry meters;

	@Test
	void anAddressThatFailsTooOftenIsRefusedUntilTheWindowEndsExceptForHealth(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> GatewayClient.admin(this.apiPort).get("/api/v1/engine").status() == 200);
		GatewayClient wrong = GatewayClient.as(this.apiPort, "admin", "not-the-password");
		double before = failures(this.apiPort, "bad-credentials");
		for (int i = 0; i < 3; i++) {
			assertThat(wrong.get("/api/v1/engine").status()).isEqualTo(401);
		}
		assertThat(failures(this.apiPort, "bad-credentials") - before).isEqualTo(3);
		assertThat(output.getAll().split("Authentication failed from 127.0.0.1", -1)).as("logged once per window")
			.hasSize(2);
		assertThat(this.meters.find(AuthenticationFailures.METER).meters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTags()).extracting("key")
				.containsExactlyInAnyOrder("port", "reason"));

		for (int port : new int[] { this.apiPort, this.managementPort }) {
			String path = (port == this.apiPort) ? "/api/v1/engine" : "/actuator/epoll";
			GatewayClient.Response refused = GatewayClient.admin(port).get(path);
			assertThat(refused.status()).as("%s", refused).isEqualTo(429);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().path("code").asString()).isEqualTo("TOO_MANY_AUTHENTICATION_FAILURES");
			assertThat(refused.json().path("retryAfterSeconds").asLong()).isBetween(1L, 4L);
		}
		assertThat(GatewayClient.anonymous(this.managementPort).get("/actuator/health/liveness").status())
			.as("the probes stay open")
			.isEqualTo(200);
		assertThat(GatewayClient.anonymous(this.managementPort).get("/actuator/health/readiness").status())
			.isEqualTo(200);

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> GatewayClient.admin(this.apiPort).get("/api/v1/engine").status() == 200);
		assertThat(GatewayClient.viewer(this.managementPort).get("/actuator/epoll").status()).isEqualTo(200);
	}

	@Test
	void theRetryAfterHeaderSaysWhenToComeBack() throws Exception {
		GatewayClient wrong = GatewayClient.as(this.managementPort, "viewer", "nope");
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> wrong.get("/actuator/epoll").status() == 429);
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.apiPort
					+ "/api/v1/engine")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 4L));
		assertThat(failures(this.managementPort, "bad-credentials")).isGreaterThanOrEqualTo(3);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> GatewayClient.viewer(this.apiPort).get("/api/v1/engine").status() == 200);
	}

	@Test
	void failedSignInsOnTheConsolesFormCountAndLockOutLikeBasicOnes() throws Exception {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> GatewayClient.admin(this.apiPort).get("/api/v1/engine").status() == 200);
		java.net.CookieManager cookies = new java.net.CookieManager();
		java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().cookieHandler(cookies).build();
		String base = "http://localhost:" + this.apiPort;
		assertThat(browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login.html")).build(),
				java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		String token = cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("XSRF-TOKEN"))
			.findFirst()
			.orElseThrow()
			.getValue();
		java.net.http.HttpRequest signIn = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-XSRF-TOKEN", token)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=admin&password=not-the-password"))
			.build();
		double before = failures(this.apiPort, "bad-credentials");
		for (int i = 0; i < 3; i++) {
			assertThat(browser.send(signIn, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
				.isEqualTo(401);
		}
		assertThat(failures(this.apiPort, "bad-credentials") - before).isEqualTo(3);
		java.net.http.HttpResponse<String> refused = browser.send(signIn,
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(GatewayClient.admin(this.apiPort).get("/api/v1/engine").status())
			.as("Basic from the same address is refused too")
			.isEqualTo(429);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> GatewayClient.admin(this.apiPort).get("/api/v1/engine").status() == 200);
	}

	private double failures(int port, String reason) {
		var counter = this.meters.find(AuthenticationFailures.METER)
			.tag("port", String.valueOf(port))
			.tag("reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
