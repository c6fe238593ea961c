package dev.epollgateway.config;

import org.junit.jupiter.api.Test;

import dev.epollgateway.admin.AdminProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KnownProperties}: the names a properties record binds, matched however relaxed binding lets a
 * source spell them.
 */
class KnownPropertiesTests {

	private final KnownProperties known = new KnownProperties().add("gateway.engine", EngineProperties.class)
		.add("gateway.admin", AdminProperties.class)
		.add("gateway.security", SecurityProperties.class);

	@Test
	void namesEveryRecordComponentInDashedForm() {
		assertThat(this.known.names()).contains("gateway.engine.trigger-mode", "gateway.engine.tcp-no-delay",
				"gateway.admin.engine-call-timeout", "gateway.security.admin-password");
	}

	@Test
	void acceptsEverySpellingRelaxedBindingAccepts() {
		assertThat(this.known.contains("gateway.engine.trigger-mode")).isTrue();
		assertThat(this.known.contains("gateway.engine.triggerMode")).isTrue();
		assertThat(this.known.contains("gateway.engine.trigger_mode")).isTrue();
		assertThat(this.known.contains("GATEWAY_ENGINE_TRIGGER_MODE")).isTrue();
		assertThat(this.known.contains("GATEWAY_ENGINE_TRIGGERMODE")).isTrue();
	}

	@Test
	void refusesAMisspeltNameAndSuggestsTheClosest() {
		assertThat(this.known.contains("gateway.engine.trigger-mod")).isFalse();
		assertThat(this.known.closest("gateway.engine.trigger-mod")).isEqualTo("gateway.engine.trigger-mode");
		assertThat(this.known.closest("GATEWAY_ADMIN_WORKER_POLICI")).isEqualTo("gateway.admin.worker-policy");
		assertThat(this.known.closest("gateway.engine.idle-timout")).isEqualTo("gateway.engine.idle-timeout");
	}

	@Test
	void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
		assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
		assertThat(EditDistance.between("", "abc")).isEqualTo(3);
		assertThat(EditDistance.between("same", "same")).isZero();
	}

}
