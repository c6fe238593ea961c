package dev.epollgateway.engine.nativeio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link Epoll} availability façade.
 */
class EpollTests {

	@Test
	void isAvailableOnThisLinuxMachine() {
		assertThat(Epoll.isAvailable()).isTrue();
		assertThat(Epoll.unavailabilityCause()).isNull();
		Epoll.ensureAvailability();
	}

	@Test
	void anotherSystemGetsOneClearSentence() {
		assertThat(Epoll.probe("Mac OS X")).isEqualTo("epoll-gateway needs Linux: epoll is not available on Mac OS X.");
		assertThat(Epoll.probe("Windows 11")).isEqualTo("epoll-gateway needs Linux: epoll is not available on Windows 11.");
	}

}
