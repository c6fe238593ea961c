package dev.epollgateway.engine;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EngineConfig}: every bad value names its property.
 */
class EngineConfigTests {

	@Test
	void namesThePropertyOfEveryBadValue() {
		EngineConfig defaults = EngineConfig.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withAddress("127.0.0.1", 65536))
			.withMessageStartingWith("gateway.engine.port ");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withAddress(" ", 1))
			.withMessageStartingWith("gateway.engine.host ");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withLoops(0))
			.withMessageStartingWith("gateway.engine.loops ");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxConnections(0))
			.withMessageStartingWith("gateway.engine.max-connections ");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxEvents(0))
			.withMessageStartingWith("gateway.engine.max-events ");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBuffers(16, 1024, 10))
			.withMessageStartingWith("gateway.engine.read-buffer-size ");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBuffers(4096, 1024, 1024))
			.withMessageStartingWith("gateway.engine.write-low-watermark ");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTimeouts(Duration.ofSeconds(-1), Duration.ZERO))
			.withMessageStartingWith("gateway.engine.idle-timeout ");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTriggerMode(null))
			.withMessageStartingWith("gateway.engine.trigger-mode ");
	}

}
