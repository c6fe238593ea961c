package dev.epollgateway.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of every loop combined into one {@link EngineStatistics}: the one place that knows which slot of
 * {@link LoopCounters} feeds which field.
 * <p>
 * Threading: built and read by one thread; it reads the loops' counters without stopping them.
 */
final class CounterTotals {

	private final long[] sum = new long[LoopCounters.SIZE];

	private final List<EngineStatistics.LoopAccepts> perLoop = new ArrayList<>();

	CounterTotals(List<LoopCounters> loops) {
		for (LoopCounters counters : loops) {
			counters.addTo(this.sum);
			this.perLoop.add(new EngineStatistics.LoopAccepts(this.perLoop.size(),
					counters.get(LoopCounters.ACCEPT_WAKEUPS), counters.get(LoopCounters.ACCEPTED),
					counters.get(LoopCounters.ACCEPT_EMPTY), counters.get(LoopCounters.ACTIVE)));
		}
	}

	/** The accept path per loop and over the loops. */
	EngineStatistics.AcceptPath acceptPath(AcceptDistribution distribution, long switches) {
		long[] accepted = this.perLoop.stream().mapToLong(EngineStatistics.LoopAccepts::accepted).toArray();
		return new EngineStatistics.AcceptPath(distribution, this.perLoop.size() > 1, switches,
				this.sum[LoopCounters.ACCEPT_WAKEUPS], this.sum[LoopCounters.ACCEPTED],
				this.sum[LoopCounters.ACCEPT_EMPTY], AcceptShare.largestOverSmallest(accepted),
				AcceptShare.jainIndex(accepted), List.copyOf(this.perLoop));
	}

	private Map<BackendKind, EngineStatistics.WaitCalls> waitCalls() {
		Map<BackendKind, EngineStatistics.WaitCalls> byBackend = new EnumMap<>(BackendKind.class);
		for (BackendKind kind : BackendKind.values()) {
			int i = kind.ordinal();
			byBackend.put(kind, new EngineStatistics.WaitCalls(this.sum[LoopCounters.BACKEND_WAITS + i],
					this.sum[LoopCounters.BACKEND_HANDED + i], this.sum[LoopCounters.BACKEND_SCANNED + i],
					this.sum[LoopCounters.BACKEND_READY + i], this.sum[LoopCounters.BACKEND_WAIT_NANOS + i]));
		}
		return byBackend;
	}

	/** How the threads shared the event source, per trigger mode and over the modes. */
	private EngineStatistics.ThreadSharing threadSharing(Topology topology) {
		Map<TriggerMode, EngineStatistics.SharingCounts> byMode = new EnumMap<>(TriggerMode.class);
		for (TriggerMode mode : TriggerMode.values()) {
			int i = mode.ordinal();
			// Every oneshot re-arm is counted while oneshot is in force: the other modes re-arm nothing.
			byMode.put(mode, new EngineStatistics.SharingCounts(this.sum[LoopCounters.MODE_EVENTS + i],
					this.sum[LoopCounters.COLLISIONS + i], this.sum[LoopCounters.LATE_HANDOFFS + i],
					this.sum[LoopCounters.DRAINED_READS + i],
					(mode == TriggerMode.ONESHOT) ? this.sum[LoopCounters.REARMS] : 0));
		}
		return new EngineStatistics.ThreadSharing(topology, EngineStatistics.SharingCounts.sum(byMode.values()),
				byMode);
	}

	/** The totals with the engine-level facts beside them. */
	EngineStatistics toStatistics(EngineState state, TriggerMode triggerMode, EngineConfig config,
			long modeSwitches, ModeSwitch lastSwitch, BackendKind backend, long backendSwitches,
			BackendSwitch lastBackendSwitch, AcceptDistribution distribution, long distributionSwitches) {
		long[] sum = this.sum;
		Map<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);
		for (CloseReason reason : CloseReason.values()) {
			closed.put(reason, sum[LoopCounters.CLOSED + reason.ordinal()]);
		}
		Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
		for (RejectReason reason : RejectReason.values()) {
			rejected.put(reason, sum[LoopCounters.REJECTED + reason.ordinal()]);
		}
		List<EngineStatistics.Bucket> histogram = new ArrayList<>();
		for (int i = 0; i < LoopCounters.HISTOGRAM_BUCKETS; i++) {
			histogram.add(new EngineStatistics.Bucket(LoopCounters.bucketUpperBound(i), sum[LoopCounters.HISTOGRAM + i]));
		}
		return new EngineStatistics(Instant.now(), state, triggerMode, config.loops(),
				new EngineStatistics.Connections(sum[LoopCounters.ACTIVE], sum[LoopCounters.ACCEPTED], closed, rejected),
				new EngineStatistics.ReadyList(sum[LoopCounters.WAKEUPS], sum[LoopCounters.EMPTY_WAKEUPS],
						sum[LoopCounters.EVENTFD_WAKEUPS], sum[LoopCounters.EVENTS], sum[LoopCounters.FULL_EVENT_ARRAYS],
						histogram, sum[LoopCounters.READY_PENDING_NOW], sum[LoopCounters.READY_PENDING_QUEUED],
						sum[LoopCounters.READY_PENDING_MAX]),
				new EngineStatistics.Buffers(sum[LoopCounters.BACKLOG_BYTES], sum[LoopCounters.BACKLOG_PEAK],
						sum[LoopCounters.CONNECTIONS_WITH_BACKLOG], sum[LoopCounters.PAUSED_READERS],
						sum[LoopCounters.READ_PAUSES], config.readBufferSize(), config.writeHighWatermark(),
						config.writeLowWatermark()),
				new EngineStatistics.Syscalls(sum[LoopCounters.WAKEUPS], sum[LoopCounters.READS],
						sum[LoopCounters.EAGAIN_READS], sum[LoopCounters.WRITES], sum[LoopCounters.EAGAIN_WRITES],
						sum[LoopCounters.SHORT_WRITES], sum[LoopCounters.CTL_ADD], sum[LoopCounters.CTL_MOD],
						sum[LoopCounters.CTL_DEL], sum[LoopCounters.REARMS], sum[LoopCounters.ACCEPTS]),
				new EngineStatistics.Traffic(sum[LoopCounters.BYTES_IN], sum[LoopCounters.BYTES_OUT],
						sum[LoopCounters.MESSAGES]),
				new EngineStatistics.LoopTiming(sum[LoopCounters.ITERATIONS], sum[LoopCounters.WAIT_NANOS],
						sum[LoopCounters.PROCESS_NANOS]),
				new EngineStatistics.ModeSwitches(modeSwitches, (lastSwitch != null) ? lastSwitch.connectionsRearmed() : 0,
						(lastSwitch != null) ? lastSwitch.switchNanos() : 0),
				new EngineStatistics.Backend(backend, backendSwitches,
						(lastBackendSwitch != null) ? lastBackendSwitch.connectionsMoved() : 0,
						(lastBackendSwitch != null) ? lastBackendSwitch.switchNanos() : 0, waitCalls()),
				acceptPath(distribution, distributionSwitches),
				threadSharing(config.topology()));
	}

}
