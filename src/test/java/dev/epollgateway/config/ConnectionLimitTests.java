package dev.epollgateway.config;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.OpenFileLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ConnectionLimit}: the limit derived from a given open-file limit, an explicit value checked
 * against it.
 */
class ConnectionLimitTests {

	@Test
	void unsetIsTheSoftLimitLessTheReserveOfTheProcessAndEveryLoop() {
		ConnectionLimit limit = ConnectionLimit.resolve(null, 2, new OpenFileLimit(20_000, 1_048_576));
		assertThat(limit.value()).isEqualTo(20_000 - 512 - 2 * 4);
		assertThat(limit.origin()).contains("derived from the open-file limit (RLIMIT_NOFILE, ulimit -n) of 20000")
			.contains("reserve of 520");
	}

	@Test
	void theIssuesWorkloadFitsTheDerivedLimitOfATwentyThousandFileMachine() {
		assertThat(ConnectionLimit.resolve(null, 1, new OpenFileLimit(20_000, 20_000)).value())
			.isGreaterThanOrEqualTo(10_000 + 100);
	}

	@Test
	void anUnlimitedFileLimitAllowsTheLargestInt() {
		assertThat(ConnectionLimit.resolve(null, 1, new OpenFileLimit(Long.MAX_VALUE, Long.MAX_VALUE)).value())
			.isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void onSelectTheDerivedLimitIsCappedAtWhatFdSetSizeLeavesAndAnExplicitOneIsKeptForTheStartToJudge() {
		OpenFileLimit files = new OpenFileLimit(20_000, 20_000);
		ConnectionLimit capped = ConnectionLimit.resolve(null, 1, BackendKind.SELECT, files);
		assertThat(capped.value()).isEqualTo(BackendKind.SELECT.maxConnections(1)).isEqualTo(1015);
		assertThat(capped.origin()).contains("gateway.engine.backend=select").contains("FD_SETSIZE");
		assertThat(ConnectionLimit.resolve(null, 1, BackendKind.POLL, files).value()).isEqualTo(20_000 - 512 - 4);
		assertThat(ConnectionLimit.resolve(5000, 1, BackendKind.SELECT, files).value()).isEqualTo(5000);
	}

	@Test
	void anExplicitValueUpToTheLimitIsKept() {
		assertThat(ConnectionLimit.resolve(1024, 1, new OpenFileLimit(1024, 4096)).value()).isEqualTo(1024);
	}

	@Test
	void anExplicitValueAboveTheLimitIsRefusedNamingBoth() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConnectionLimit.resolve(2000, 1, new OpenFileLimit(1024, 4096)))
			.withMessageStartingWith("gateway.engine.max-connections (2000) is above the open-file limit")
			.withMessageContaining("of 1024")
			.withMessageContaining("hard limit 4096");
	}

	@Test
	void aFileLimitBelowTheReserveIsRefusedUnlessTheValueIsExplicit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConnectionLimit.resolve(null, 1, new OpenFileLimit(256, 256)))
			.withMessageContaining("reserve of 516")
			.withMessageContaining("gateway.engine.max-connections");
		assertThat(ConnectionLimit.resolve(100, 1, new OpenFileLimit(256, 256)).value()).isEqualTo(100);
	}

}
