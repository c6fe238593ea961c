package dev.epollgateway.console;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code gateway.console.*} properties. A bad value fails the start with the property's name.
 *
 * @param sampleInterval how often the sampler reads the engine's counters (100 ms to 1 min)
 * @param history how much of the past the sampler keeps, so the charts are full on first load and after a reload
 * (at most 100,000 samples)
 * @param maxStreamSubscribers statistics-stream subscribers at once (each has its own sender thread)
 */
@ConfigurationProperties("gateway.console")
@Validated
public record ConsoleProperties(@DefaultValue("1s") @NotNull Duration sampleInterval,
		@DefaultValue("15m") @NotNull Duration history,
		@DefaultValue("16") @Min(1) @Max(1024) int maxStreamSubscribers) {

	static final int MAX_SAMPLES = 100_000;

	public ConsoleProperties {
		if (sampleInterval != null
				&& (sampleInterval.compareTo(Duration.ofMillis(100)) < 0 || sampleInterval.compareTo(Duration.ofMinutes(1)) > 0)) {
			throw new IllegalArgumentException(
					"gateway.console.sample-interval must be between 100ms and 1m, was " + sampleInterval);
		}
		if (sampleInterval != null && history != null
				&& (history.compareTo(sampleInterval) < 0 || history.dividedBy(sampleInterval) > MAX_SAMPLES)) {
			throw new IllegalArgumentException("gateway.console.history must hold between 1 and " + MAX_SAMPLES
					+ " samples of gateway.console.sample-interval (" + sampleInterval + "), was " + history);
		}
	}

	/** Samples kept. */
	int capacity() {
		return (int) this.history.dividedBy(this.sampleInterval);
	}

}
