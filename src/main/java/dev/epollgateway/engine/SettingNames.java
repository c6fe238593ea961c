package dev.epollgateway.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an enum setting (trigger mode, backend, accept distribution, topology) is spelled in the configuration and the
 * API: its constant's name in lower case with {@code -} between words, read in any case. Stateless.
 */
final class SettingNames {

	private SettingNames() {
	}

	/**
	 * The constant whose name the text spells, in any case, with {@code -} or {@code _} between words and surrounding
	 * blanks ignored.
	 * @param what the setting's name in the error, e.g. {@code trigger mode}
	 * @throws IllegalArgumentException naming the valid values when the text is none of them
	 */
	static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
		if (text != null) {
			String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
			for (E constant : type.getEnumConstants()) {
				if (constant.name().equals(name)) {
					return constant;
				}
			}
		}
		throw new IllegalArgumentException(
				"Unknown " + what + " '" + text + "'; valid values are " + validValues(type));
	}

	/** The valid values as the configuration spells them, e.g. {@code level, edge, oneshot}. */
	static <E extends Enum<E>> String validValues(Class<E> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> constant.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
	}

}
