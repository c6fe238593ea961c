package dev.epollgateway.engine;

/**
 * An endless, seeded byte stream whose every byte is a function of its offset: a client sends it and checks the echo
 * against it byte by byte. Each 8-byte block is a 64-bit hash of (seed, block index), so a lost, duplicated or
 * reordered run of any length shows up as a mismatch at its first byte, and bytes of another connection (another
 * seed) never match by accident for long.
 * <p>
 * Immutable and thread-safe.
 */
final class BytePattern {

	private final long seed;

	BytePattern(long seed) {
		this.seed = seed;
	}

	long seed() {
		return this.seed;
	}

	/** The byte at an offset of the stream. */
	byte at(long offset) {
		return (byte) (block(offset >>> 3) >>> ((offset & 7) << 3));
	}

	/** Fills {@code dst[from, from+length)} with the stream starting at {@code offset}. */
	void fill(long offset, byte[] dst, int from, int length) {
		int i = 0;
		while (i < length) {
			long position = offset + i;
			long value = block(position >>> 3);
			for (int shift = (int) (position & 7); shift < 8 && i < length; shift++, i++) {
				dst[from + i] = (byte) (value >>> (shift << 3));
			}
		}
	}

	/**
	 * The index (relative to {@code from}) of the first byte of {@code src[from, from+length)} that differs from the
	 * stream at {@code offset}, or -1 when all match.
	 */
	int firstMismatch(long offset, byte[] src, int from, int length) {
		int i = 0;
		while (i < length) {
			long position = offset + i;
			long value = block(position >>> 3);
			for (int shift = (int) (position & 7); shift < 8 && i < length; shift++, i++) {
				if (src[from + i] != (byte) (value >>> (shift << 3))) {
					return i;
				}
			}
		}
		return -1;
	}

	/** Describes a mismatch for an assertion message. */
	String describeMismatch(String who, long offset, byte actual) {
		return String.format("%s: echoed byte at offset %d was 0x%02x, expected 0x%02x (data lost, duplicated, "
				+ "reordered or from another connection)", who, offset, actual & 0xFF, at(offset) & 0xFF);
	}

	private long block(long index) {
		// SplitMix64 finaliser over (seed, index).
		long z = this.seed * 0x9E3779B97F4A7C15L + index * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
