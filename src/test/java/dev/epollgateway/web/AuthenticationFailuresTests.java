package dev.epollgateway.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthenticationFailures}: the window per address, the lockout past the limit, the off switch.
 */
class AuthenticationFailuresTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T03:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void anAddressIsLockedForTheRestOfTheWindowOnceItReachesTheLimit() {
		AuthenticationFailures failures = failures(true);
		for (int i = 0; i < 19; i++) {
			failures.record("10.0.0.1", 8080, "bad-credentials");
		}
		assertThat(failures.lockedFor("10.0.0.1")).isZero();
		this.clock.advance(Duration.ofSeconds(20));
		failures.record("10.0.0.1", 8080, "bad-credentials");
		assertThat(failures.lockedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(40));
		assertThat(failures.lockedFor("10.0.0.2")).as("another address").isZero();
		this.clock.advance(Duration.ofSeconds(40));
		assertThat(failures.lockedFor("10.0.0.1")).as("the window is over").isZero();
	}

	@Test
	void failuresSpreadOverTwoWindowsNeverLock() {
		AuthenticationFailures failures = failures(true);
		for (int i = 0; i < 15; i++) {
			failures.record("10.0.0.1", 8080, "bad-credentials");
		}
		this.clock.advance(Duration.ofSeconds(61));
		for (int i = 0; i < 15; i++) {
			failures.record("10.0.0.1", 8080, "bad-credentials");
		}
		assertThat(failures.lockedFor("10.0.0.1")).isZero();
	}

	@Test
	void disabledItCountsButNeverLocks() {
		AuthenticationFailures failures = failures(false);
		for (int i = 0; i < 50; i++) {
			failures.record("10.0.0.1", 8081, "bad-credentials");
		}
		assertThat(failures.lockedFor("10.0.0.1")).isZero();
		assertThat(this.meters.get(AuthenticationFailures.METER).tag("port", "8081").counter().count()).isEqualTo(50);
	}

	@Test
	void theReasonIsTheExceptionsNameInLowerCaseWords() {
		assertThat(AuthenticationFailures.reason(BadCredentialsException.class)).isEqualTo("bad-credentials");
		assertThat(AuthenticationFailures.reason(LockedException.class)).isEqualTo("locked");
	}

	private AuthenticationFailures failures(boolean enabled) {
		return new AuthenticationFailures(new LockoutProperties(enabled, 20, Duration.ofMinutes(1)), this.meters,
				this.clock);
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneId.of("UTC");
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
