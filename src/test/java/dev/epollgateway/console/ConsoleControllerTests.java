package dev.epollgateway.console;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.epollgateway.admin.EchoClient;
import dev.epollgateway.admin.GatewayClient;
import dev.epollgateway.admin.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's page, assets and data over real HTTP: served from the jar with a strict Content-Security-Policy,
 * relative redirects, the WebJar without its version in the path, {@code /api/v1/me}, the statistics history and
 * its stream, and the interest lists.
 */
class ConsoleControllerTests extends GatewayTestSupport {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.apiPort + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void thePageIsServedAtTheRootWithAStrictContentSecurityPolicy() throws Exception {
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<script type=\"module\" src=\"console/app.js\"></script>");
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe-inline", "unsafe-eval");
	}

	@Test
	void everyReferenceOfThePagesIsRelativeAndNoScriptIsInline() throws Exception {
		for (String path : List.of("/", "/login.html")) {
			String html = get(path).body();
			assertThat(html).doesNotContain("src=\"/", "href=\"/", "style=", "<script>", "onclick=");
		}
	}

	@Test
	void slashConsoleLeadsToThePageByARelativeRedirect() throws Exception {
		HttpResponse<String> response = get("/console");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("./");
	}

	@Test
	void uPlotIsServedFromItsWebJarWithoutItsVersionInThePath() throws Exception {
		HttpResponse<String> script = get("/webjars/uplot/dist/uPlot.esm.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("export { uPlot as default }");
		assertThat(get("/webjars/uplot/dist/uPlot.min.css").statusCode()).isEqualTo(200);
	}

	@Test
	void theModulesOfThePageAreServed() throws Exception {
		for (String module : List.of("app.js", "api.js", "charts.js", "connections.js", "engine.js", "events.js",
				"format.js", "live.js", "login.js", "console.css")) {
			assertThat(get("/console/" + module).statusCode()).as(module).isEqualTo(200);
		}
	}

	@Test
	void meTellsABasicClientItsRole() {
		JsonNode me = viewer().get("/api/v1/me").json();
		assertThat(me.get("username").asString()).isEqualTo("viewer");
		assertThat(me.get("role").asString()).isEqualTo("VIEWER");
		assertThat(me.get("canOperate").asBoolean()).isFalse();
		assertThat(admin().get("/api/v1/me").json().get("role").asString()).isEqualTo("ADMIN");
	}

	@Test
	void theHistoryHoldsOneSampleASecondWithTheEchoedTraffic() throws Exception {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(1000);
			Thread.sleep(2500);
		}
		JsonNode history = viewer().get("/api/v1/statistics").json();
		assertThat(history.get("intervalMs").asLong()).isEqualTo(1000);
		assertThat(history.get("capacity").asInt()).isEqualTo(900);
		JsonNode samples = history.get("samples");
		assertThat(samples.size()).isGreaterThanOrEqualTo(2);
		double bytesIn = 0;
		for (JsonNode sample : samples) {
			bytesIn += sample.get("bytesIn").asDouble();
		}
		// Rates per second over one-second intervals: their sum is at least the 1000 bytes this test echoed.
		assertThat(bytesIn).isGreaterThanOrEqualTo(900);
		long first = samples.get(0).get("at").asLong();
		long last = samples.get(samples.size() - 1).get("at").asLong();
		assertThat(last - first).isBetween((samples.size() - 1) * 900L, (samples.size() - 1) * 1100L);
	}

	@Test
	void theStatisticsStreamSendsTheHistoryFirstThenOneSampleASecond() throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.apiPort + "/api/v1/statistics/stream"))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(("viewer:" + GatewayClient.VIEWER_PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.build();
		HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		List<String> names = new ArrayList<>();
		long started = System.nanoTime();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String line;
			while (names.size() < 3 && (line = reader.readLine()) != null) {
				if (line.startsWith("event:")) {
					names.add(line.substring("event:".length()).trim());
				}
			}
		}
		assertThat(names).containsExactly("history", "sample", "sample");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void samplingAndStreamingPostNoCommandToTheLoops() throws Exception {
		long eventfdWakeups = this.engine.statistics().readyList().eventfdWakeups();
		theStatisticsStreamSendsTheHistoryFirstThenOneSampleASecond();
		// A posted command wakes its loop through the eventfd: three samples streamed, not one such wakeup.
		assertThat(this.engine.statistics().readyList().eventfdWakeups()).isEqualTo(eventfdWakeups);
	}

	@Test
	void theInterestListShowsTheEnginesAndTheKernelsViewInAgreement() throws Exception {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(10);
			JsonNode loops = viewer().get("/api/v1/interest-list").json().get("loops");
			assertThat(loops.size()).isEqualTo(this.engine.config().loops());
			JsonNode loop = loops.get(0);
			assertThat(loop.get("agrees").asBoolean()).isTrue();
			assertThat(loop.get("registeredByMask")).isEqualTo(loop.get("kernelByMask"));
		}
	}

}
