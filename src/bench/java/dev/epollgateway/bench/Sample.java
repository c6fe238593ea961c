package dev.epollgateway.bench;

import java.util.Map;

/**
 * The figures of one workload on one server in one round, by name: {@code msgsPerSec}, {@code cpuUsPerMsg},
 * {@code p50Us}, {@code p99Us}, {@code syscallsPerMsg} and the workload's own (see {@link Workloads}).
 */
record Sample(String workload, String server, int round, Map<String, Double> values) {

	double value(String name) {
		return this.values.getOrDefault(name, Double.NaN);
	}

}
