package dev.epollgateway.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code gateway.security.lockout.*} properties: how many failed authentications one address may make within a
 * window before it is answered 429 for the rest of that window, on both ports (the health probes excepted).
 *
 * @param enabled {@code false} counts and logs failures but never refuses an address
 * @param maxFailures failures from one address within a window after which it is refused
 * @param window the window, which starts at an address's first failure
 */
@ConfigurationProperties("gateway.security.lockout")
@Validated
public record LockoutProperties(@DefaultValue("true") boolean enabled, @DefaultValue("20") @Min(1) int maxFailures,
		@DefaultValue("1m") @NotNull Duration window) {

	public LockoutProperties {
		if (window != null && (window.isNegative() || window.isZero())) {
			throw new IllegalArgumentException("gateway.security.lockout.window must be positive (was " + window + ")");
		}
	}

}
