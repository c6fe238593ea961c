package dev.epollgateway.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfiguredPasswordEncoder}.
 */
class ConfiguredPasswordEncoderTests {

	private final ConfiguredPasswordEncoder encoder = new ConfiguredPasswordEncoder();

	@Test
	void matchesOnlyThePasswordItEncoded() {
		String encoded = this.encoder.encode("s3cret-admin");
		assertThat(encoded).doesNotContain("s3cret-admin");
		assertThat(this.encoder.matches("s3cret-admin", encoded)).isTrue();
		assertThat(this.encoder.matches("s3cret-admiN", encoded)).isFalse();
		assertThat(this.encoder.matches("", encoded)).isFalse();
	}

	@Test
	void saltsEveryEncoding() {
		assertThat(this.encoder.encode("same")).isNotEqualTo(this.encoder.encode("same"));
	}

	@Test
	void refusesMalformedHashes() {
		assertThat(this.encoder.matches("x", "no-separator")).isFalse();
		assertThat(this.encoder.matches("x", "%%%$%%%")).isFalse();
		assertThat(this.encoder.matches("x", null)).isFalse();
	}

}
