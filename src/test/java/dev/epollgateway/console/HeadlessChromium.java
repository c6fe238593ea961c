package dev.epollgateway.console;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code chromium} driven by its {@code chromedriver}, headless, both given by path so that Selenium Manager
 * never looks for (or downloads) a browser. Missing, they fail the test: {@code .ci/run} installs them
 * ({@code apt-get install chromium chromium-driver}).
 */
final class HeadlessChromium {

	static final String BROWSER = System.getProperty("gateway.it.chromium", "/usr/bin/chromium");

	static final String DRIVER = System.getProperty("gateway.it.chromedriver", "/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	/** A new browser with its own profile in {@code profile}, its console log recorded. */
	static ChromeDriver start(Path profile, int width, int height) {
		assertThat(Path.of(BROWSER)).as("the browser %s (apt-get install chromium; .ci/run installs it)", BROWSER)
			.isExecutable();
		assertThat(Path.of(DRIVER))
			.as("the driver %s (apt-get install chromium-driver; .ci/run installs it)", DRIVER)
			.isExecutable();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height,
				"--hide-scrollbars", "--force-device-scale-factor=1");
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	/** The browser console's errors since the last call (each call drains the log). */
	static List<String> consoleErrors(ChromeDriver driver) {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.toList();
	}

}
