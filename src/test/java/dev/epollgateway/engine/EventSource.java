package dev.epollgateway.engine;

/**
 * Where a suite's engine learns what is ready: a readiness backend per loop (one loop), or four threads waiting on
 * one shared epoll instance, the shape in which several threads may be handed one connection.
 *
 * @param backend the readiness backend
 * @param topology how the loop threads share it
 * @param loops the loop threads
 */
record EventSource(BackendKind backend, Topology topology, int loops) {

	/** Threads on one epoll instance in the shared-epoll runs: more than the machine's cores, so they contend. */
	static final int SHARED_THREADS = 4;

	static EventSource of(BackendKind backend) {
		return new EventSource(backend, Topology.LOOP_PER_THREAD, 1);
	}

	static EventSource sharedEpoll() {
		return new EventSource(BackendKind.EPOLL, Topology.SHARED_EPOLL, SHARED_THREADS);
	}

	/** The configuration with this source's backend, topology and loops. */
	EngineConfig apply(EngineConfig config) {
		return config.withBackend(this.backend).withTopology(this.topology).withLoops(this.loops);
	}

	@Override
	public String toString() {
		return (this.topology == Topology.SHARED_EPOLL) ? "shared epoll, " + this.loops + " threads"
				: this.backend.tag();
	}

}
