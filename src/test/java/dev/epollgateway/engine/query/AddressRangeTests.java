package dev.epollgateway.engine.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AddressRange}.
 */
class AddressRangeTests {

	@Test
	void matchesAddressesInsideACidrBlockOnly() {
		AddressRange range = AddressRange.parse("10.1.0.0/16");
		assertThat(range.contains("10.1.255.7")).isTrue();
		assertThat(range.contains("10.2.0.1")).isFalse();
		assertThat(AddressRange.parse("127.0.0.1").contains("127.0.0.1")).isTrue();
		assertThat(AddressRange.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
		assertThat(AddressRange.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
	}

	@Test
	void matchesIpv6AndIpv4MappedAddresses() {
		assertThat(AddressRange.parse("fd00::/8").contains("fd12:3456::1")).isTrue();
		assertThat(AddressRange.parse("fd00::/8").contains("fe80::1")).isFalse();
		assertThat(AddressRange.parse("127.0.0.0/8").contains(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF,
				(byte) 0xFF, 127, 0, 0, 9 }))
			.isTrue();
		assertThat(AddressRange.parse("::1").contains("127.0.0.1")).isFalse();
	}

	@Test
	void rejectsMalformedRangesWithoutResolvingNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("localhost"))
			.withMessageContaining("expected an IP address or CIDR block");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("10.0.0.0/33"))
			.withMessageContaining("prefix length must be between 0 and 32");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("10.0.0.0/x"))
			.withMessageContaining("prefix length");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("300.1.1.1"))
			.withMessageContaining("300.1.1.1");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(""));
	}

}
