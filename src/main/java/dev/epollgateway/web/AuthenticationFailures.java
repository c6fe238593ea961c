package dev.epollgateway.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Failed authentications per client address, in a fixed window that starts at the address's first failure:
 * counted on a meter ({@code gateway.security.authentication.failures}, tagged by port and reason, never by user or
 * address), logged at WARN once per address and window, and, past {@code max-failures} within the window, a lockout
 * of that address until the window ends.
 * <p>
 * Thread-safe: HTTP threads of both ports record and query at once; each address's window is replaced atomically.
 * The table holds only addresses with a window still open (expired ones are swept as it grows), so a scan from many
 * addresses costs memory for one window at most.
 */
public class AuthenticationFailures {

	static final String METER = "gateway.security.authentication.failures";

	private static final Log logger = LogFactory.getLog(AuthenticationFailures.class);

	/** Above this many addresses, expired windows are swept on the next failure. */
	private static final int SWEEP_ABOVE = 4096;

	private final LockoutProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	public AuthenticationFailures(LockoutProperties properties, MeterRegistry meters, Clock clock) {
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Records one failure.
	 * @param address the client's address
	 * @param port the local port it failed on
	 * @param reason a stable lower-case word for the failure ({@code bad-credentials}, ...)
	 */
	public void record(String address, int port, String reason) {
		Counter.builder(METER)
			.description("Failed authentications, by the port they failed on and why")
			.tag("port", String.valueOf(port))
			.tag("reason", reason)
			.register(this.meters)
			.increment();
		Instant now = this.clock.instant();
		if (this.windows.size() > SWEEP_ABOVE) {
			this.windows.values().removeIf((window) -> !window.isOpenAt(now));
		}
		Window window = this.windows.compute(address,
				(key, current) -> (current != null && current.isOpenAt(now)) ? current.plusOne()
						: new Window(now.plus(this.properties.window()), 1));
		if (window.failures() == 1) {
			logger.warn("Authentication failed from " + address + " on port " + port + " (" + reason + "); further"
					+ " failures from this address are counted but not logged until " + window.end());
		}
		else if (window.failures() == this.properties.maxFailures() && this.properties.enabled()) {
			logger.warn(address + " failed to authenticate " + window.failures() + " times since "
					+ window.end().minus(this.properties.window()) + "; refused (429) until " + window.end());
		}
	}

	/**
	 * How long an address is still refused.
	 * @return {@link Duration#ZERO} when it is not (or when the lockout is disabled)
	 */
	public Duration lockedFor(String address) {
		if (!this.properties.enabled()) {
			return Duration.ZERO;
		}
		Window window = this.windows.get(address);
		Instant now = this.clock.instant();
		if (window == null || !window.isOpenAt(now) || window.failures() < this.properties.maxFailures()) {
			return Duration.ZERO;
		}
		return Duration.between(now, window.end());
	}

	/** The reason word of a Spring Security exception class: {@code BadCredentialsException} is bad-credentials. */
	static String reason(Class<?> exceptionType) {
		String name = exceptionType.getSimpleName().replaceFirst("Exception$", "");
		return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private record Window(Instant end, int failures) {

		boolean isOpenAt(Instant now) {
			return now.isBefore(this.end);
		}

		Window plusOne() {
			return new Window(this.end, this.failures + 1);
		}

	}

}
