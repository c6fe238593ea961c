package dev.epollgateway.engine.nativeio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResourceLimits}: {@code getrlimit(RLIMIT_NOFILE)} reads what the kernel shows in
 * {@code /proc/self/limits}.
 */
class ResourceLimitsTests {

	@Test
	void openFilesAreTheKernelsMaxOpenFiles() throws Exception {
		long[] limit = ResourceLimits.openFiles();
		String[] kernel = maxOpenFiles();
		assertThat(limit[0]).isEqualTo(parse(kernel[0]));
		assertThat(limit[1]).isEqualTo(parse(kernel[1]));
		assertThat(limit[0]).isPositive().isLessThanOrEqualTo(limit[1]);
	}

	/** Soft and hard, from the "Max open files" line. */
	private static String[] maxOpenFiles() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
			if (line.startsWith("Max open files")) {
				String[] words = line.substring("Max open files".length()).trim().split("\\s+");
				return new String[] { words[0], words[1] };
			}
		}
		throw new AssertionError("no Max open files in /proc/self/limits");
	}

	private static long parse(String value) {
		return value.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(value);
	}

}
