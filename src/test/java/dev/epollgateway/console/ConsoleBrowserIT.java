package dev.epollgateway.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import dev.epollgateway.admin.EchoClient;
import dev.epollgateway.admin.GatewayClient;
import dev.epollgateway.admin.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (headless Chromium) against the whole service on real sockets: sign-in, a real TCP
 * client's row with its exact byte counts, a mode switch from the page found in the kernel's fdinfo, a kill from a
 * row that the client sees as EOF, the CONNECTION_OPENED event within 2 s, a viewer without action controls whom
 * the API refuses, the CSP header, and no error in the browser's console after any of it. One test saves a
 * screenshot with live traffic to {@code docs/console.png}.
 */
class ConsoleBrowserIT extends GatewayTestSupport {

	private static final int EPOLLET = 0x80000000;

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path profile;

	private ChromeDriver browser;

	private final List<String> expectedConsoleErrors = new ArrayList<>();

	@BeforeEach
	void startBrowser() {
		this.browser = HeadlessChromium.start(this.profile, 1440, 2400);
	}

	@AfterEach
	void noErrorsInTheBrowserConsole() {
		try {
			List<String> errors = new ArrayList<>(HeadlessChromium.consoleErrors(this.browser));
			errors.removeIf((error) -> this.expectedConsoleErrors.stream().anyMatch(error::contains));
			assertThat(errors).as("errors in the browser console").isEmpty();
		}
		finally {
			this.browser.quit();
		}
	}

	@Test
	void signsInAndShowsARealClientsRowWithItsExactByteCounts() throws IOException {
		signIn("viewer", GatewayClient.VIEWER_PASSWORD);
		assertThat(this.browser.findElement(By.id("me")).getText()).isEqualTo("viewer · VIEWER");
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(517);
			client.echoAndCheck(300);
			long id = connectionId(client);
			until(() -> cell(id, "bytesIn").equals("817") && cell(id, "bytesOut").equals("817"));
			assertThat(cell(id, "remote")).isEqualTo("127.0.0.1:" + client.localPort());
		}
	}

	@Test
	void showsTheConnectionOpenedEventWithinTwoSecondsOfTheConnect() throws IOException {
		signIn("viewer", GatewayClient.VIEWER_PASSWORD);
		until(() -> this.browser.findElement(By.id("live-state")).getText().equals("connected"));
		long connected = System.nanoTime();
		try (EchoClient client = EchoClient.connect(echoPort())) {
			String remote = "127.0.0.1:" + client.localPort();
			new WebDriverWait(this.browser, Duration.ofSeconds(2)).until((driver) -> driver
				.findElements(By.cssSelector("#events li[data-type='CONNECTION_OPENED']"))
				.stream()
				.anyMatch((line) -> line.getText().contains(remote)));
			assertThat(Duration.ofNanos(System.nanoTime() - connected)).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	void switchesTheModeFromThePageAndTheKernelHoldsTheNewModeBits() throws IOException {
		signIn("admin", GatewayClient.ADMIN_PASSWORD);
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(64);
			JsonNode connection = connectionRow(client);
			assertThat(kernelMask(connection) & EPOLLET).as("LEVEL before the switch").isZero();
			this.browser.findElement(By.id("switch-mode")).click();
			new Select(this.browser.findElement(By.id("mode-choice"))).selectByValue("edge");
			assertThat(this.browser.findElement(By.id("mode-preview")).getText()).contains("EPOLLET");
			this.browser.findElement(By.id("mode-apply")).click();
			until(() -> this.browser.findElement(By.id("mode-result")).getText().contains("re-armed"));
			assertThat(this.browser.findElement(By.id("mode-result")).getText()).startsWith("LEVEL → EDGE: ");
			assertThat(kernelMask(connection) & EPOLLET).as("EDGE after the switch").isEqualTo(EPOLLET);
			until(() -> this.browser.findElement(By.id("engine-mode")).getText().equals("EDGE"));
			client.echoAndCheck(64);
		}
		finally {
			assertThat(admin().put("/api/v1/engine/trigger-mode", "{\"mode\":\"level\"}").status()).isEqualTo(200);
		}
	}

	@Test
	void killsAClientFromItsRowAndTheClientGetsEof() throws IOException {
		signIn("operator", GatewayClient.OPERATOR_PASSWORD);
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(32);
			long id = connectionId(client);
			until(() -> !this.browser.findElements(row(id)).isEmpty());
			// The live table may re-render between finding the button and clicking it: a stale button was not
			// clicked, so find it again.
			until(() -> {
				this.browser.findElement(row(id)).findElement(By.cssSelector("button[data-action='kill-graceful']"))
					.click();
				return true;
			});
			client.socket().setSoTimeout(5000);
			assertThat(client.socket().getInputStream().read()).as("EOF after the kill").isEqualTo(-1);
		}
	}

	@Test
	void killsByFilterAfterADryRunAndATypedCountWithTheFilterKeptInTheUrl() throws IOException {
		signIn("operator", GatewayClient.OPERATOR_PASSWORD);
		List<EchoClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 12; i++) {
				EchoClient client = EchoClient.connectFrom("127.0.0.2", echoPort());
				client.echoAndCheck(16);
				clients.add(client);
			}
			WebElement remote = this.browser.findElement(By.name("remote"));
			remote.sendKeys("127.0.0.2/32");
			this.browser.findElement(By.cssSelector("#connection-filters button[type='submit']")).click();
			until(() -> this.browser.findElements(By.cssSelector("#connections tbody tr[data-id]")).size() == 12);
			assertThat(this.browser.getCurrentUrl()).endsWith("/?remote=127.0.0.2%2F32&sort=id&limit=50");
			this.browser.navigate().refresh();
			until(() -> "true".equals(this.browser.findElement(By.tagName("body")).getDomAttribute("data-ready")));
			assertThat(this.browser.findElement(By.name("remote")).getDomProperty("value")).isEqualTo("127.0.0.2/32");
			this.browser.findElement(By.id("kill-by-filter")).click();
			until(() -> this.browser.findElement(By.id("kill-preview")).getText().startsWith("Dry run: 12 connection(s)"));
			WebElement kill = this.browser.findElement(By.id("kill-apply"));
			assertThat(kill.isEnabled()).as("more than 10: the count must be typed first").isFalse();
			this.browser.findElement(By.id("kill-confirm")).sendKeys("12");
			assertThat(kill.isEnabled()).isTrue();
			kill.click();
			until(() -> this.browser.findElement(By.id("kill-result")).getText().startsWith("Killed 12 of 12"));
			for (EchoClient client : clients) {
				client.socket().setSoTimeout(5000);
				assertThat(client.socket().getInputStream().read()).as("EOF after the kill").isEqualTo(-1);
			}
		}
		finally {
			for (EchoClient client : clients) {
				client.close();
			}
		}
	}

	@Test
	void aViewerFindsNoActionControlsAndTheApiRefusesTheAction() throws IOException {
		signIn("viewer", GatewayClient.VIEWER_PASSWORD);
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(8);
			long id = connectionId(client);
			until(() -> !this.browser.findElements(row(id)).isEmpty());
			assertThat(this.browser.findElements(By.cssSelector("[data-action], [data-needs], dialog"))).isEmpty();
			this.expectedConsoleErrors.add("api/v1/connections/" + id);
			Object status = this.browser.executeAsyncScript("""
					const done = arguments[arguments.length - 1];
					const token = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN=')).split('=')[1];
					fetch('api/v1/connections/' + arguments[0] + '?mode=abort', { method: 'DELETE',
					  headers: { 'X-XSRF-TOKEN': token, 'X-Requested-With': 'XMLHttpRequest' } }).then((r) => done(r.status));
					""", id);
			assertThat(status).isEqualTo(403L);
			assertThat(GatewayClient.viewer(this.apiPort).delete("/api/v1/connections/" + id).status()).isEqualTo(403);
			client.echoAndCheck(8);
		}
	}

	@Test
	void servesThePageWithItsContentSecurityPolicyAndTakesAScreenshotWithLiveTraffic() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.apiPort + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ContentSecurityPolicyFilter.POLICY);
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> traffic = new ArrayList<>();
		List<EchoClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				EchoClient client = EchoClient.connect(echoPort());
				clients.add(client);
				int size = 64 << i;
				Thread thread = new Thread(() -> echoUntilStopped(client, size, running), "console-it-traffic-" + i);
				thread.setDaemon(true);
				thread.start();
				traffic.add(thread);
			}
			signIn("admin", GatewayClient.ADMIN_PASSWORD);
			sleep(Duration.ofSeconds(20));
			assertThat(admin().put("/api/v1/engine/trigger-mode", "{\"mode\":\"edge\"}").status()).isEqualTo(200);
			sleep(Duration.ofSeconds(15));
			assertThat(admin().put("/api/v1/engine/trigger-mode", "{\"mode\":\"oneshot\"}").status()).isEqualTo(200);
			sleep(Duration.ofSeconds(15));
			until(() -> this.browser.findElements(By.cssSelector("#connections tbody tr[data-id]")).size() >= 6);
			Path screenshot = Path.of(System.getProperty("gateway.it.screenshot", "docs/console.png"));
			Files.createDirectories(screenshot.toAbsolutePath().getParent());
			Files.write(screenshot, this.browser.getScreenshotAs(OutputType.BYTES));
			assertThat(Files.size(screenshot)).isGreaterThan(50_000);
		}
		finally {
			running.set(false);
			for (Thread thread : traffic) {
				thread.join(5000);
			}
			for (EchoClient client : clients) {
				client.close();
			}
			assertThat(admin().put("/api/v1/engine/trigger-mode", "{\"mode\":\"level\"}").status()).isEqualTo(200);
		}
	}

	private static void echoUntilStopped(EchoClient client, int size, AtomicBoolean running) {
		try {
			while (running.get()) {
				client.echoAndCheck(size);
				Thread.sleep(2);
			}
		}
		catch (IOException | InterruptedException ex) {
			// The test ended the client.
		}
	}

	private void signIn(String user, String password) {
		this.browser.get("http://127.0.0.1:" + this.apiPort + "/login.html");
		this.browser.findElement(By.id("username")).sendKeys(user);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.id("sign-in")).click();
		until(() -> "true".equals(this.browser.findElement(By.tagName("body")).getDomAttribute("data-ready")));
		// Both streams open before a test acts: a change made earlier reaches the page only through a later one
		// (CI once connected a client before the event stream was up, and the row never came).
		until(() -> this.browser.findElement(By.id("live-state")).getText().equals("connected"));
	}

	private void until(java.util.function.BooleanSupplier condition) {
		new WebDriverWait(this.browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until((driver) -> condition.getAsBoolean());
	}

	private static By row(long id) {
		return By.cssSelector("#connections tbody tr[data-id='" + id + "']");
	}

	private String cell(long id, String column) {
		List<WebElement> cells = this.browser
			.findElements(By.cssSelector("#connections tbody tr[data-id='" + id + "'] td[data-column='" + column + "']"));
		return cells.isEmpty() ? "" : cells.get(0).getText();
	}

	private long connectionId(EchoClient client) {
		return connectionRow(client).path("id").asLong();
	}

	private JsonNode connectionRow(EchoClient client) {
		for (JsonNode item : viewer().get("/api/v1/connections?remote=127.0.0.1&limit=1000").json().path("items")) {
			if (item.path("remotePort").asInt() == client.localPort()) {
				return item;
			}
		}
		throw new AssertionError("no connection listed for client port " + client.localPort());
	}

	/** The connection's mask as the kernel holds it in its loop's {@code /proc/self/fdinfo/<epfd>}. */
	private int kernelMask(JsonNode connection) throws IOException {
		JsonNode loops = viewer().get("/api/v1/interest-list").json().path("loops");
		int epfd = loops.get(connection.path("loop").asInt()).path("epfd").asInt();
		String data = Long.toHexString(connection.path("id").asLong());
		for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + epfd))) {
			String[] tokens = line.trim().split("\\s+");
			if (tokens[0].equals("tfd:") && tokens.length > 5 && tokens[5].replaceFirst("^0+(?=.)", "").equals(data)) {
				return (int) Long.parseLong(tokens[3], 16);
			}
		}
		throw new AssertionError("connection " + data + " (hex) not in /proc/self/fdinfo/" + epfd);
	}

	private static void sleep(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

}
