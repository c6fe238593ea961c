package dev.epollgateway.engine.query;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}) that remote addresses are
 * matched against. Only literals are accepted: no name is ever resolved.
 */
public final class AddressRange {

	private final byte[] network;

	private final int prefixLength;

	private final String text;

	private AddressRange(byte[] network, int prefixLength, String text) {
		this.network = network;
		this.prefixLength = prefixLength;
		this.text = text;
	}

	/**
	 * Parses an IPv4 or IPv6 literal with an optional {@code /prefix}.
	 * @throws IllegalArgumentException saying what is wrong with the text
	 */
	public static AddressRange parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("Malformed address range '': expected an IP address or CIDR block");
		}
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String addressPart = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		byte[] address = parseLiteral(addressPart, trimmed);
		int maxPrefix = address.length * 8;
		int prefix = maxPrefix;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(trimmed.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > maxPrefix) {
				throw new IllegalArgumentException("Malformed address range '" + trimmed + "': the prefix length must be"
						+ " between 0 and " + maxPrefix);
			}
		}
		return new AddressRange(mask(address, prefix), prefix, trimmed);
	}

	/** Whether the raw address (4 bytes for IPv4, 16 for IPv6) lies in this range. */
	public boolean contains(byte[] address) {
		byte[] candidate = address;
		if (candidate.length != this.network.length) {
			candidate = mappedIpv4(candidate);
			if (candidate == null || candidate.length != this.network.length) {
				return false;
			}
		}
		return Arrays.equals(mask(candidate, this.prefixLength), this.network);
	}

	/** Whether the textual address lies in this range; false for text that is not an IP literal. */
	public boolean contains(String address) {
		try {
			return contains(parseLiteral(address, address));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return this.text;
	}

	private static byte[] parseLiteral(String literal, String whole) {
		boolean ipv4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
		boolean ipv6 = literal.contains(":") && literal.matches("[0-9A-Fa-f:.]+");
		if (!ipv4 && !ipv6) {
			throw new IllegalArgumentException(
					"Malformed address range '" + whole + "': expected an IP address or CIDR block");
		}
		try {
			return InetAddress.getByName(literal).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(
					"Malformed address range '" + whole + "': expected an IP address or CIDR block", ex);
		}
	}

	private static byte[] mask(byte[] address, int prefix) {
		byte[] masked = address.clone();
		for (int i = 0; i < masked.length; i++) {
			int bits = Math.max(0, Math.min(8, prefix - i * 8));
			masked[i] &= (byte) (0xFF << (8 - bits));
		}
		return masked;
	}

	private static byte[] mappedIpv4(byte[] address) {
		if (address.length == 16) {
			for (int i = 0; i < 10; i++) {
				if (address[i] != 0) {
					return null;
				}
			}
			if (address[10] == (byte) 0xFF && address[11] == (byte) 0xFF) {
				return Arrays.copyOfRange(address, 12, 16);
			}
		}
		return null;
	}

}
