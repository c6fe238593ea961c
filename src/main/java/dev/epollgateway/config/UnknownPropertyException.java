package dev.epollgateway.config;

import java.util.List;

/**
 * The start failed because properties under {@code gateway.*} bind to nothing: each is named with where it came from
 * and the closest known property.
 */
class UnknownPropertyException extends RuntimeException {

	private final List<String> problems;

	UnknownPropertyException(List<String> problems) {
		super(String.join("\n", problems));
		this.problems = List.copyOf(problems);
	}

	/** One sentence per unknown property. */
	List<String> problems() {
		return this.problems;
	}

}
