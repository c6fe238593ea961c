package dev.epollgateway.engine;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.provider.Arguments;

/**
 * The (backend, trigger mode) pairs the engine can run: every mode on epoll, level on poll and select. The per-mode
 * suites take their parameters from {@link #valid()} (as {@link EventSource}s, with every mode on four threads
 * sharing one epoll instance beside them); {@link #refused()} are the pairs a start must refuse.
 */
final class BackendModes {

	private BackendModes() {
	}

	static List<Arguments> valid() {
		List<Arguments> sources = new ArrayList<>();
		for (Arguments pair : pairs(true)) {
			sources.add(Arguments.of(EventSource.of((BackendKind) pair.get()[0]), pair.get()[1]));
		}
		for (TriggerMode mode : TriggerMode.values()) {
			sources.add(Arguments.of(EventSource.sharedEpoll(), mode));
		}
		return sources;
	}

	static List<Arguments> refused() {
		return pairs(false);
	}

	private static List<Arguments> pairs(boolean supported) {
		List<Arguments> pairs = new ArrayList<>();
		for (BackendKind backend : BackendKind.values()) {
			for (TriggerMode mode : TriggerMode.values()) {
				if (backend.supports(mode) == supported) {
					pairs.add(Arguments.of(backend, mode));
				}
			}
		}
		return pairs;
	}

}
