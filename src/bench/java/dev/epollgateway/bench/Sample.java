package dev.epollgateway.bench;

import java.util.Map;

/**
 * The figures of one workload on one server in one round, by name: {@code msgsPerSec}, {@code cpuUsPerMsg},
 * {@code p50Us}, {@code p99Us}, {@code syscallsPerMsg} and the workload's own (see {@link Workloads}), and the
 * workload's texts worth reporting (a refusal's words), by name. Immutable.
 */
record Sample(String workload, String server, int round, Map<String, Double> values, Map<String, String> notes) {

	Sample(String workload, String server, int round, Map<String, Double> values) {
		this(workload, server, round, values, Map.of());
	}

	double value(String name) {
		return this.values.getOrDefault(name, Double.NaN);
	}

}
