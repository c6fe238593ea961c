package dev.epollgateway.engine;

import java.util.Locale;

import dev.epollgateway.engine.nativeio.FdSets;
import dev.epollgateway.engine.nativeio.NativeIoException;

/**
 * Creates a loop's readiness backend, and says which configurations no backend can serve.
 * <p>
 * Threading: stateless.
 */
final class Backends {

	/**
	 * Descriptors every process holds below its connections: stdin, stdout, stderr. Added to each loop's own (listener,
	 * wake-up eventfd and the acceptor's reserve) when {@code max-connections} is checked against {@code FD_SETSIZE}.
	 */
	static final int STANDARD_STREAMS = 3;

	/** Per loop: the listener, the wake-up eventfd and the acceptor's four reserve descriptors. */
	static final int FDS_PER_LOOP = 6;

	/** Room in a pollfd array before its first growth: the loop's own fds and a first batch of connections. */
	private static final int POLL_INITIAL_CAPACITY = 256;

	private Backends() {
	}

	/** A new, empty backend of a kind; {@code maxEvents} sizes epoll's event array. */
	static ReadinessBackend create(BackendKind kind, int maxEvents) throws NativeIoException {
		return switch (kind) {
			case EPOLL -> new EpollBackend(maxEvents);
			case POLL -> new PollBackend(POLL_INITIAL_CAPACITY);
			case SELECT -> new SelectBackend();
		};
	}

	/** Whether a backend of this kind could watch an fd at all (select: below {@code FD_SETSIZE}). */
	static boolean canWatch(BackendKind kind, int fd) {
		return kind != BackendKind.SELECT || (fd >= 0 && fd < FdSets.FD_SETSIZE);
	}

	/** Why a live switch to a backend cannot keep the trigger mode in force, naming both settings. */
	static String backendRefusal(BackendKind backend, TriggerMode mode) {
		return "gateway.engine.backend=" + backend.tag() + " cannot serve gateway.engine.trigger-mode="
				+ mode.name().toLowerCase(Locale.ROOT) + ": " + backend.tag()
				+ " is level-triggered only (switch the trigger mode to level first, or stay on epoll).";
	}

	/**
	 * Why a live switch to select is refused, naming both limits; null when it is not. Select cannot watch an fd at or
	 * above {@code FD_SETSIZE}: neither one open now nor one {@code max-connections} would let the loops accept.
	 * @param unwatchable the loops' fds at or above {@code FD_SETSIZE} now
	 */
	static String selectRefusal(EngineConfig config, int unwatchable) {
		int limit = selectConnectionLimit(config.loops());
		if (unwatchable == 0 && config.maxConnections() <= limit) {
			return null;
		}
		return "gateway.engine.backend=select cannot watch an fd at or above FD_SETSIZE (" + FdSets.FD_SETSIZE + "): "
				+ unwatchable + " open fd(s) of the loops are at or above it, and gateway.engine.max-connections="
				+ config.maxConnections() + ((config.maxConnections() > limit) ? " could exceed it" : " stays below it")
				+ " with " + config.loops() + " loop(s) (select allows at most " + limit + "); staying on the"
				+ " current backend.";
	}

	/** Why a trigger mode cannot run on a backend, naming both settings. */
	static String modeRefusal(TriggerMode mode, BackendKind backend) {
		return "gateway.engine.trigger-mode=" + mode.name().toLowerCase(Locale.ROOT)
				+ " needs gateway.engine.backend=epoll: " + backend.tag()
				+ " is level-triggered only (use trigger-mode level, or backend epoll).";
	}

	/**
	 * Why a live switch to a backend is refused under the accept distribution in force, naming both settings: poll and
	 * select have no {@code EPOLLEXCLUSIVE}.
	 */
	static String backendDistributionRefusal(BackendKind backend, AcceptDistribution distribution) {
		return "gateway.engine.backend=" + backend.tag() + " cannot serve gateway.engine.accept-distribution="
				+ distribution.tag() + ": " + backend.tag() + " has no EPOLLEXCLUSIVE (switch the accept distribution"
				+ " to reuseport or shared first, or stay on epoll).";
	}

	/** Why an accept distribution cannot run on a backend, naming both settings. */
	static String distributionRefusal(AcceptDistribution distribution, BackendKind backend) {
		return "gateway.engine.accept-distribution=" + distribution.tag() + " needs gateway.engine.backend=epoll: "
				+ backend.tag() + " has no EPOLLEXCLUSIVE (use accept-distribution reuseport or shared, or backend"
				+ " epoll).";
	}

	/**
	 * The largest {@code max-connections} the select backend accepts for a number of loops: each loop but the first
	 * may also hold a duplicate of the shared listening socket ({@link AcceptDistribution#SHARED}).
	 */
	static int selectConnectionLimit(int loops) {
		return FdSets.FD_SETSIZE - STANDARD_STREAMS - FDS_PER_LOOP * loops - (loops - 1);
	}

	/**
	 * Why the engine cannot start with this configuration, one sentence naming both settings; null when it can.
	 */
	static String refusal(EngineConfig config) {
		BackendKind backend = config.backend();
		if (config.topology() == Topology.SHARED_EPOLL) {
			String topology = topologyRefusal(config);
			if (topology != null) {
				return topology;
			}
		}
		if (!backend.supports(config.triggerMode())) {
			return modeRefusal(config.triggerMode(), backend);
		}
		if (!config.acceptDistribution().supportedBy(backend)) {
			return distributionRefusal(config.acceptDistribution(), backend);
		}
		if (backend == BackendKind.SELECT && config.maxConnections() > selectConnectionLimit(config.loops())) {
			return "gateway.engine.backend=select cannot watch an fd at or above FD_SETSIZE (" + FdSets.FD_SETSIZE
					+ "), and gateway.engine.max-connections=" + config.maxConnections() + " could exceed it with "
					+ config.loops() + " loop(s): set max-connections to at most "
					+ selectConnectionLimit(config.loops()) + ", or use backend epoll or poll.";
		}
		return null;
	}

	/** Why the shared-epoll topology cannot run with a configuration's other settings, naming both; null when it can. */
	static String topologyRefusal(EngineConfig config) {
		if (config.backend() != BackendKind.EPOLL) {
			return "gateway.engine.topology=shared-epoll needs gateway.engine.backend=epoll: its threads all wait on one"
					+ " epoll instance, and " + config.backend().tag() + " has no kernel object to share (use backend"
					+ " epoll, or topology loop-per-thread).";
		}
		if (config.acceptDistribution() != AcceptDistribution.REUSEPORT) {
			return "gateway.engine.accept-distribution=" + config.acceptDistribution().tag()
					+ " cannot go with gateway.engine.topology=shared-epoll: its one epoll instance holds the one"
					+ " listening socket, and whichever thread is handed it accepts (leave accept-distribution unset,"
					+ " or use topology loop-per-thread).";
		}
		return null;
	}

	/** Why a live switch is refused under shared epoll, naming both settings. */
	static String sharedEpollRefusal(String setting) {
		return "gateway.engine." + setting + " cannot be switched under gateway.engine.topology=shared-epoll: its"
				+ " threads share one epoll instance and one listening socket (restart with topology loop-per-thread"
				+ " to switch it).";
	}

}
