package dev.epollgateway.actuate;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.epollgateway.engine.AcceptDistribution;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.CloseReason;
import dev.epollgateway.engine.EngineStatistics;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.RejectReason;
import dev.epollgateway.engine.Topology;
import dev.epollgateway.engine.TriggerMode;

/**
 * The engine's meters, read from {@link EpollEngine#statistics()} when a registry asks (function counters and
 * gauges: nothing is counted twice and the loops are never stopped), plus {@code gateway.epoll.ready.events}, a
 * distribution of ready-list sizes fed by the engine's {@link dev.epollgateway.engine.ReadyListObserver} on the loop
 * threads.
 * <p>
 * Tags are bounded values only (reason, op, mode, result, distribution, and the loop's index: loops are few and
 * fixed at start): never a connection id or an address. One statistics
 * snapshot serves all the meters of one scrape (it is reused for {@link #SNAPSHOT_TTL_NANOS}).
 */
public class EngineMeterBinder implements MeterBinder {

	static final long SNAPSHOT_TTL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private final EpollEngine engine;

	private final List<DistributionSummary> readyEvents = new CopyOnWriteArrayList<>();

	private volatile Snapshot snapshot;

	public EngineMeterBinder(EpollEngine engine) {
		this.engine = engine;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "gateway.connections.active", null, "Connections open now", (s) -> s.connections().active());
		counter(registry, "gateway.connections.opened", null, Tags.empty(), "Connections accepted and kept",
				(s) -> s.connections().accepted());
		for (CloseReason reason : CloseReason.values()) {
			counter(registry, "gateway.connections.closed", null, Tags.of("reason", reason.tag()),
					"Connections closed, by reason", (s) -> s.connections().closed().getOrDefault(reason, 0L));
		}
		for (RejectReason reason : RejectReason.values()) {
			counter(registry, "gateway.connections.rejected", null, Tags.of("reason", reason.tag()),
					"Connections closed at accept, by reason",
					(s) -> s.connections().rejected().getOrDefault(reason, 0L));
		}

		counter(registry, "gateway.io.read", BaseUnits.BYTES, Tags.empty(), "Bytes read from peers",
				(s) -> s.traffic().bytesIn());
		counter(registry, "gateway.io.written", BaseUnits.BYTES, Tags.empty(), "Bytes echoed to peers",
				(s) -> s.traffic().bytesOut());
		counter(registry, "gateway.io.messages", null, Tags.empty(), "Reads that returned data, each echoed",
				(s) -> s.traffic().messages());
		counter(registry, "gateway.io.calls", null, Tags.of("op", "read"), "read calls on connections",
				(s) -> s.syscalls().reads());
		counter(registry, "gateway.io.calls", null, Tags.of("op", "write"), "send calls on connections",
				(s) -> s.syscalls().writes());
		counter(registry, "gateway.io.calls", null, Tags.of("op", "accept"), "accept4 calls",
				(s) -> s.syscalls().accepts());
		counter(registry, "gateway.io.eagain", null, Tags.of("op", "read"), "Calls that returned EAGAIN",
				(s) -> s.syscalls().eagainReads());
		counter(registry, "gateway.io.eagain", null, Tags.of("op", "write"), "Calls that returned EAGAIN",
				(s) -> s.syscalls().eagainWrites());
		counter(registry, "gateway.io.short.writes", null, Tags.empty(), "sends that wrote less than asked",
				(s) -> s.syscalls().shortWrites());
		gauge(registry, "gateway.io.syscalls.per.message", null, "System calls per echoed message",
				EngineStatistics::syscallsPerMessage);

		counter(registry, "gateway.epoll.wakeups", null, Tags.of("result", "events"),
				"epoll_wait returns, with events or empty",
				(s) -> s.readyList().wakeups() - s.readyList().emptyWakeups());
		counter(registry, "gateway.epoll.wakeups", null, Tags.of("result", "empty"),
				"epoll_wait returns, with events or empty", (s) -> s.readyList().emptyWakeups());
		counter(registry, "gateway.epoll.eventfd.wakeups", null, Tags.empty(), "Wakeups by the command eventfd",
				(s) -> s.readyList().eventfdWakeups());
		counter(registry, "gateway.epoll.events", null, Tags.empty(), "Events handed back by epoll_wait",
				(s) -> s.readyList().events());
		counter(registry, "gateway.epoll.full.arrays", null, Tags.empty(),
				"Wakeups that filled the whole event array", (s) -> s.readyList().fullEventArrays());
		gauge(registry, "gateway.epoll.ready.pending", null, "Connections on the user-space ready-pending queue",
				(s) -> s.readyList().readyPendingNow());
		counter(registry, "gateway.epoll.ctl", null, Tags.of("op", "add"), "epoll_ctl calls, by op",
				(s) -> s.syscalls().ctlAdd());
		counter(registry, "gateway.epoll.ctl", null, Tags.of("op", "mod"), "epoll_ctl calls, by op",
				(s) -> s.syscalls().ctlMod());
		counter(registry, "gateway.epoll.ctl", null, Tags.of("op", "del"), "epoll_ctl calls, by op",
				(s) -> s.syscalls().ctlDel());
		counter(registry, "gateway.epoll.rearms", null, Tags.empty(), "EPOLL_CTL_MOD re-arms of oneshot registrations",
				(s) -> s.syscalls().rearms());
		DistributionSummary summary = DistributionSummary.builder("gateway.epoll.ready.events")
			.description("Events returned by one epoll_wait: the size of the ready list")
			.serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384, 65536)
			.register(registry);
		this.readyEvents.add(summary);
		this.engine.setReadyListObserver(this::recordReadyEvents);

		gauge(registry, "gateway.buffer.backlog", BaseUnits.BYTES, "Bytes waiting in write backlogs",
				(s) -> s.buffers().backlogBytes());
		gauge(registry, "gateway.buffer.backlog.peak", BaseUnits.BYTES,
				"The largest write backlog one connection has had", (s) -> s.buffers().backlogBytesPeak());
		gauge(registry, "gateway.buffer.backlog.connections", null, "Connections with a write backlog",
				(s) -> s.buffers().connectionsWithBacklog());
		gauge(registry, "gateway.buffer.paused.readers", null, "Connections whose reading backpressure paused",
				(s) -> s.buffers().pausedReaders());
		counter(registry, "gateway.buffer.read.pauses", null, Tags.empty(), "Times backpressure paused reading",
				(s) -> s.buffers().readPauses());

		counter(registry, "gateway.engine.mode.switches", null, Tags.empty(), "Live trigger-mode switches",
				(s) -> s.modeSwitches().count());
		for (TriggerMode mode : TriggerMode.values()) {
			Gauge.builder("gateway.engine.trigger.mode", this, (binder) -> binder.isMode(mode))
				.tag("mode", mode.name().toLowerCase(Locale.ROOT))
				.description("1 for the trigger mode in force, 0 for the others")
				.register(registry);
		}
		counter(registry, "gateway.engine.backend.switches", null, Tags.empty(), "Live readiness-backend switches",
				(s) -> s.backend().switches());
		for (BackendKind kind : BackendKind.values()) {
			Gauge.builder("gateway.engine.backend", this, (binder) -> binder.isBackend(kind))
				.tag("backend", kind.tag())
				.description("1 for the readiness backend in force, 0 for the others")
				.register(registry);
			Tags backend = Tags.of("backend", kind.tag());
			counter(registry, "gateway.backend.wait.calls", null, backend,
					"Wait calls (epoll_wait, poll, select), by backend", (s) -> waitCalls(s, kind).calls());
			counter(registry, "gateway.backend.wait.fds.handed", null, backend,
					"Entries handed to the kernel by the wait calls (none for epoll), by backend",
					(s) -> waitCalls(s, kind).fdsHandedToKernel());
			counter(registry, "gateway.backend.wait.entries.scanned", null, backend,
					"Entries scanned in user space to find the ready ones, by backend",
					(s) -> waitCalls(s, kind).entriesScanned());
			counter(registry, "gateway.backend.wait.ready", null, backend,
					"Ready entries the wait calls returned, by backend", (s) -> waitCalls(s, kind).readyReturned());
			counter(registry, "gateway.backend.wait.time", "seconds", backend, "Time inside the wait calls, by backend",
					(s) -> waitCalls(s, kind).waitNanos() / 1e9);
		}
		bindAcceptPath(registry);
		for (TriggerMode mode : TriggerMode.values()) {
			Tags inMode = Tags.of("mode", mode.name().toLowerCase(Locale.ROOT));
			counter(registry, "gateway.threads.events", null, inMode,
					"Ready events handed to the loop threads, by trigger mode in force",
					(s) -> s.threads().byMode().get(mode).events());
			counter(registry, "gateway.threads.collisions", null, inMode,
					"Events handed to a thread for a connection another thread was reading or writing (shared epoll),"
							+ " by trigger mode in force",
					(s) -> s.threads().byMode().get(mode).collisions());
			counter(registry, "gateway.threads.late.handoffs", null, inMode,
					"Events handed for a connection whose owner had finished its I/O but not let it go (shared"
							+ " epoll), by trigger mode in force",
					(s) -> s.threads().byMode().get(mode).lateHandoffs());
			counter(registry, "gateway.threads.drained.reads", null, inMode,
					"Read passes whose first read found nothing (woken for data already taken), by trigger mode in"
							+ " force",
					(s) -> s.threads().byMode().get(mode).drainedReads());
		}
		for (Topology topology : Topology.values()) {
			Gauge.builder("gateway.engine.topology", this,
					(binder) -> binder.read((s) -> (s.threads().topology() == topology) ? 1 : 0))
				.tag("topology", topology.tag())
				.description("1 for the loop topology in force, 0 for the other")
				.register(registry);
		}
		counter(registry, "gateway.engine.loop.iterations", null, Tags.empty(), "Event loop turns",
				(s) -> s.loopTiming().iterations());
		counter(registry, "gateway.engine.loop.time", "seconds", Tags.of("phase", "wait"),
				"Loop time inside epoll_wait or handling events",
				(s) -> s.loopTiming().waitNanos() / 1e9);
		counter(registry, "gateway.engine.loop.time", "seconds", Tags.of("phase", "process"),
				"Loop time inside epoll_wait or handling events", (s) -> s.loopTiming().processNanos() / 1e9);
	}

	/**
	 * The accept path per loop, tagged {@code loop} (bounded: at most {@link dev.epollgateway.engine.EngineConfig#MAX_LOOPS}
	 * loops, fixed at start), and over the loops.
	 */
	private void bindAcceptPath(MeterRegistry registry) {
		for (int i = 0; i < this.engine.config().loops(); i++) {
			int loop = i;
			Tags tags = Tags.of("loop", Integer.toString(loop));
			counter(registry, "gateway.accept.wakeups", null, tags, "Listener readiness events, per loop",
					(s) -> perLoop(s, loop, EngineStatistics.LoopAccepts::wakeups));
			counter(registry, "gateway.accept.empty.wakeups", null, tags,
					"Accept wakeups whose first accept found nothing (another loop took the connection), per loop",
					(s) -> perLoop(s, loop, EngineStatistics.LoopAccepts::emptyWakeups));
			counter(registry, "gateway.accept.accepted", null, tags, "Connections accepted and kept, per loop",
					(s) -> perLoop(s, loop, EngineStatistics.LoopAccepts::accepted));
			Gauge.builder("gateway.accept.connections", this,
					(binder) -> binder.read((s) -> perLoop(s, loop, EngineStatistics.LoopAccepts::connections)))
				.tags(tags)
				.description("Connections a loop owns now")
				.register(registry);
		}
		gauge(registry, "gateway.accept.share", null,
				"Connections accepted by the busiest loop over the quietest (NaN while one has none)",
				(s) -> (s.acceptPath().share() != null) ? s.acceptPath().share() : Double.NaN);
		gauge(registry, "gateway.accept.fairness", null,
				"Jain's fairness index of the connections the loops accepted, 1/loops to 1",
				(s) -> s.acceptPath().fairness());
		counter(registry, "gateway.engine.accept.distribution.switches", null, Tags.empty(),
				"Live accept-distribution switches", (s) -> s.acceptPath().switches());
		for (AcceptDistribution distribution : AcceptDistribution.values()) {
			Gauge.builder("gateway.engine.accept.distribution", this,
					(binder) -> binder.read((s) -> (s.acceptPath().distribution() == distribution) ? 1 : 0))
				.tag("distribution", distribution.tag())
				.description("1 for the accept distribution in force, 0 for the others")
				.register(registry);
		}
	}

	private static double perLoop(EngineStatistics statistics, int loop,
			ToLongFunction<EngineStatistics.LoopAccepts> value) {
		List<EngineStatistics.LoopAccepts> loops = statistics.acceptPath().loops();
		return (loop < loops.size()) ? value.applyAsLong(loops.get(loop)) : Double.NaN;
	}

	private void recordReadyEvents(int events) {
		for (DistributionSummary summary : this.readyEvents) {
			summary.record(events);
		}
	}

	private static EngineStatistics.WaitCalls waitCalls(EngineStatistics statistics, BackendKind kind) {
		return statistics.backend().waitCalls().get(kind);
	}

	private double isBackend(BackendKind kind) {
		EngineStatistics statistics = statistics();
		return (statistics == null) ? Double.NaN : (statistics.backend().current() == kind) ? 1 : 0;
	}

	private double isMode(TriggerMode mode) {
		EngineStatistics statistics = statistics();
		return (statistics == null) ? Double.NaN : (statistics.triggerMode() == mode) ? 1 : 0;
	}

	private void gauge(MeterRegistry registry, String name, String baseUnit, String description,
			ToDoubleFunction<EngineStatistics> value) {
		Gauge.builder(name, this, (binder) -> binder.read(value))
			.baseUnit(baseUnit)
			.description(description)
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String baseUnit, Tags tags, String description,
			ToDoubleFunction<EngineStatistics> value) {
		// The binder is the meters' object: Micrometer holds it weakly, the application context strongly.
		FunctionCounter.builder(name, this, (binder) -> binder.read(value))
			.baseUnit(baseUnit)
			.tags(tags)
			.description(description)
			.register(registry);
	}

	private double read(ToDoubleFunction<EngineStatistics> value) {
		EngineStatistics statistics = statistics();
		return (statistics != null) ? value.applyAsDouble(statistics) : Double.NaN;
	}

	/** The engine's statistics, read at most once per {@link #SNAPSHOT_TTL_NANOS}; null if they cannot be read. */
	EngineStatistics statistics() {
		long now = System.nanoTime();
		Snapshot current = this.snapshot;
		if (current == null || now - current.readAtNanos() > SNAPSHOT_TTL_NANOS) {
			try {
				current = new Snapshot(now, this.engine.statistics());
			}
			catch (RuntimeException ex) {
				// Not started yet, or stopped: the meters read NaN rather than failing the scrape.
				return null;
			}
			this.snapshot = current;
		}
		return current.statistics();
	}

	private record Snapshot(long readAtNanos, EngineStatistics statistics) {
	}

}
