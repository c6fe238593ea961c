package dev.epollgateway.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.epollgateway.engine.EngineStatistics;
import dev.epollgateway.engine.EngineStatistics.Bucket;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.InterestList;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/epoll}: the engine's insight in one read. The trigger mode and loops; the ready list (wakeups,
 * empty wakeups, events per wakeup, full event arrays, the ready-pending queue); the interest list as the engine
 * recorded it and as the kernel reports it in {@code /proc/self/fdinfo/<epfd>}; write backlogs and backpressure;
 * system calls per direction with their {@code EAGAIN}s and re-arms, and the system calls per echoed message, the
 * price of the mode; the accept path per loop (wakeups, accepted, woken for nothing, owned now) and how evenly
 * the loops share the connections.
 * <p>
 * Counters are read without stopping the loops; only the interest list is built on the loops, waited for at most
 * the given timeout (a stuck loop shows as an error in that section, not as a hung request).
 */
@Endpoint(id = "epoll", defaultAccess = Access.READ_ONLY)
public class EpollEndpoint {

	private final EpollEngine engine;

	private final Duration timeout;

	public EpollEndpoint(EpollEngine engine, Duration timeout) {
		this.engine = engine;
		this.timeout = timeout;
	}

	@ReadOperation
	public EpollInsight epoll() {
		EngineStatistics statistics = this.engine.statistics();
		EngineStatistics.ReadyList ready = statistics.readyList();
		EngineStatistics.Syscalls syscalls = statistics.syscalls();
		long messages = statistics.traffic().messages();
		return new EpollInsight(statistics.at(), statistics.state().name(), statistics.triggerMode().name(),
				statistics.loops(), statistics.connections(),
				new ReadyListInsight(ready.wakeups(), ready.emptyWakeups(), ready.eventfdWakeups(), ready.events(),
						(ready.wakeups() != 0) ? (double) ready.events() / ready.wakeups() : 0,
						ready.fullEventArrays(), histogram(ready.eventsPerWakeup()),
						new ReadyPending(ready.readyPendingNow(), ready.readyPendingQueued(), ready.readyPendingMax())),
				interestList(), statistics.buffers(),
				new SyscallInsight(syscalls.epollWaits(), syscalls.accepts(),
						new Direction(syscalls.reads(), syscalls.eagainReads(), 0),
						new Direction(syscalls.writes(), syscalls.eagainWrites(), syscalls.shortWrites()),
						new EpollCtl(syscalls.ctlAdd(), syscalls.ctlMod(), syscalls.ctlDel(), syscalls.rearms()),
						syscalls.total(), statistics.syscallsPerMessage(),
						(messages != 0) ? (double) syscalls.rearms() / messages : 0),
				statistics.traffic(), statistics.loopTiming(), statistics.modeSwitches(),
				backend(statistics.backend()), AcceptPathInsight.of(statistics.acceptPath()),
				ThreadSharingInsight.of(statistics.threads()));
	}

	private static BackendInsight backend(EngineStatistics.Backend backend) {
		Map<String, WaitCallInsight> waitCalls = new LinkedHashMap<>();
		backend.waitCalls().forEach((kind, calls) -> waitCalls.put(kind.tag(), new WaitCallInsight(calls.calls(),
				calls.fdsHandedToKernel(), calls.entriesScanned(), calls.readyReturned(), calls.fdsHandedPerCall(),
				calls.entriesScannedPerCall(), calls.readyPerCall(),
				(calls.calls() != 0) ? calls.waitNanos() / 1e3 / calls.calls() : 0)));
		return new BackendInsight(backend.current().name(), backend.switches(), backend.lastConnectionsMoved(),
				backend.lastSwitchNanos() / 1_000, waitCalls);
	}

	private Object interestList() {
		try {
			InterestList interest = this.engine.interestList().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return interest;
		}
		catch (TimeoutException ex) {
			return Map.of("error", "The event loops did not answer within " + this.timeout.toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of("error", "Interrupted");
		}
		catch (Exception ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return Map.of("error", String.valueOf(cause.getMessage()));
		}
	}

	private static Map<String, Long> histogram(List<Bucket> buckets) {
		Map<String, Long> histogram = new LinkedHashMap<>();
		for (Bucket bucket : buckets) {
			histogram.put((bucket.upTo() == Long.MAX_VALUE) ? "+Inf" : Long.toString(bucket.upTo()), bucket.count());
		}
		return histogram;
	}

	/**
	 * The whole insight.
	 *
	 * @param at when the counters were read
	 * @param state the engine's state
	 * @param triggerMode the trigger mode in force
	 * @param loops event loops
	 * @param connections active, accepted, closed by reason, rejected by reason
	 * @param readyList what {@code epoll_wait} handed back
	 * @param interestList the engine's and the kernel's view of every registration (or an {@code error})
	 * @param buffers write backlogs and backpressure
	 * @param syscalls system calls by kind and per echoed message
	 * @param traffic bytes and messages
	 * @param loopTiming where loop time goes
	 * @param modeSwitches live trigger-mode switches
	 * @param backend the readiness backend in force, its live switches, and what the wait calls cost on each backend
	 * @param acceptPath how the loops share the listening port and the connections, per loop and over the loops
	 * @param threads how the loop threads share the event source, and what the ownership guard saw
	 */
	public record EpollInsight(Instant at, String state, String triggerMode, int loops,
			EngineStatistics.Connections connections, ReadyListInsight readyList, Object interestList,
			EngineStatistics.Buffers buffers, SyscallInsight syscalls, EngineStatistics.Traffic traffic,
			EngineStatistics.LoopTiming loopTiming, EngineStatistics.ModeSwitches modeSwitches,
			BackendInsight backend, AcceptPathInsight acceptPath, ThreadSharingInsight threads) {
	}

	/**
	 * @param topology {@code loop-per-thread} or {@code shared-epoll}
	 * @param byMode the same counts while each trigger mode was in force ({@code level}, {@code edge},
	 * {@code oneshot})
	 * @param events ready events the threads were handed
	 * @param collisions events handed for a connection another thread was reading or writing (left to that owner)
	 * @param lateHandoffs events handed for a connection whose owner had finished its I/O but not let it go yet
	 * @param drainedReads read passes whose first read found nothing
	 * @param rearms {@code EPOLLONESHOT} re-arms
	 * @param collisionsPerThousandEvents collisions per 1,000 events
	 * @param lateHandoffsPerThousandEvents late hand-offs per 1,000 events
	 * @param drainedReadsPerThousandEvents drained read passes per 1,000 events
	 * @param rearmsPerThousandEvents re-arms per 1,000 events
	 */
	public record ThreadSharingInsight(String topology, long events, long collisions, long lateHandoffs,
			long drainedReads, long rearms, double collisionsPerThousandEvents, double lateHandoffsPerThousandEvents,
			double drainedReadsPerThousandEvents, double rearmsPerThousandEvents,
			Map<String, ThreadSharingInsight> byMode) {

		static ThreadSharingInsight of(EngineStatistics.ThreadSharing sharing) {
			Map<String, ThreadSharingInsight> byMode = new LinkedHashMap<>();
			sharing.byMode().forEach((mode, counts) -> byMode.put(mode.name().toLowerCase(Locale.ROOT),
					of(sharing.topology().tag(), counts, null)));
			return of(sharing.topology().tag(), sharing.total(), byMode);
		}

		private static ThreadSharingInsight of(String topology, EngineStatistics.SharingCounts counts,
				Map<String, ThreadSharingInsight> byMode) {
			return new ThreadSharingInsight(topology, counts.events(), counts.collisions(), counts.lateHandoffs(),
					counts.drainedReads(), counts.rearms(), counts.collisionsPerThousandEvents(),
					counts.lateHandoffsPerThousandEvents(), counts.drainedReadsPerThousandEvents(),
					counts.rearmsPerThousandEvents(), byMode);
		}

	}

	/**
	 * @param distribution {@code REUSEPORT}, {@code SHARED} or {@code EXCLUSIVE}
	 * @param effective false with one loop, where the three are the same
	 * @param switches live distribution switches
	 * @param wakeups listener readiness events over the loops
	 * @param accepted connections accepted and kept over the loops
	 * @param emptyWakeups wakeups whose first accept found nothing (another loop took the connection)
	 * @param wakeupsPerAccepted accept wakeups per accepted connection: about 1 without a herd, up to the loops
	 * @param share the largest number of connections one loop accepted over the smallest (null while a loop has none)
	 * @param fairness Jain's fairness index of the accepted connections, 1/loops to 1
	 * @param perLoop the same per loop, with the connections each owns now
	 */
	public record AcceptPathInsight(String distribution, boolean effective, long switches, long wakeups,
			long accepted, long emptyWakeups, double wakeupsPerAccepted, Double share, double fairness,
			List<EngineStatistics.LoopAccepts> perLoop) {

		static AcceptPathInsight of(EngineStatistics.AcceptPath path) {
			return new AcceptPathInsight(path.distribution().name(), path.effective(), path.switches(),
					path.wakeups(), path.accepted(), path.emptyWakeups(), path.wakeupsPerAccepted(), path.share(),
					path.fairness(), path.loops());
		}

	}

	/**
	 * @param current {@code EPOLL}, {@code POLL} or {@code SELECT}
	 * @param switches live backend switches
	 * @param lastConnectionsMoved connections the last switch moved
	 * @param lastSwitchMicros how long the last switch took (slowest loop)
	 * @param waitCalls by backend ({@code epoll}, {@code poll}, {@code select}): the chapter's operations per call
	 */
	public record BackendInsight(String current, long switches, long lastConnectionsMoved, long lastSwitchMicros,
			Map<String, WaitCallInsight> waitCalls) {
	}

	/**
	 * @param calls wait calls on this backend since start
	 * @param fdsHandedToKernel entries handed to the kernel (none for epoll, every pollfd for poll, nfds for select)
	 * @param entriesScanned entries scanned in user space to find the ready ones
	 * @param readyReturned ready entries returned
	 * @param fdsHandedPerCall {@code fdsHandedToKernel} per call
	 * @param entriesScannedPerCall {@code entriesScanned} per call
	 * @param readyPerCall {@code readyReturned} per call
	 * @param microsPerCall time inside one call, on average
	 */
	public record WaitCallInsight(long calls, long fdsHandedToKernel, long entriesScanned, long readyReturned,
			double fdsHandedPerCall, double entriesScannedPerCall, double readyPerCall, double microsPerCall) {
	}

	/**
	 * @param wakeups {@code epoll_wait} returns
	 * @param emptyWakeups returns with no event
	 * @param eventfdWakeups wakeups by the command eventfd
	 * @param events events handed back
	 * @param eventsPerWakeup average ready-list size
	 * @param fullEventArrays wakeups that filled the event array
	 * @param eventsPerWakeupHistogram ready-list sizes, by upper bound of the bucket
	 * @param readyPending the user-space queue of connections that used their read budget
	 */
	public record ReadyListInsight(long wakeups, long emptyWakeups, long eventfdWakeups, long events,
			double eventsPerWakeup, long fullEventArrays, Map<String, Long> eventsPerWakeupHistogram,
			ReadyPending readyPending) {
	}

	/**
	 * @param now connections queued now
	 * @param queued times a connection was queued
	 * @param max the longest the queue has been
	 */
	public record ReadyPending(long now, long queued, long max) {
	}

	/**
	 * @param epollWaits {@code epoll_wait} calls
	 * @param accepts {@code accept4} calls
	 * @param read reads, their {@code EAGAIN}s
	 * @param write sends, their {@code EAGAIN}s and short writes
	 * @param epollCtl {@code epoll_ctl} by op, and the re-arms among the MODs
	 * @param total every counted system call
	 * @param perMessage system calls per echoed message
	 * @param rearmsPerMessage oneshot re-arms per echoed message
	 */
	public record SyscallInsight(long epollWaits, long accepts, Direction read, Direction write, EpollCtl epollCtl,
			long total, double perMessage, double rearmsPerMessage) {
	}

	/**
	 * @param calls system calls
	 * @param eagain calls that returned {@code EAGAIN}
	 * @param shortCalls sends that wrote less than asked (always 0 for reads)
	 */
	public record Direction(long calls, long eagain, long shortCalls) {
	}

	/**
	 * @param add {@code EPOLL_CTL_ADD}
	 * @param mod {@code EPOLL_CTL_MOD}
	 * @param del {@code EPOLL_CTL_DEL}
	 * @param rearms MODs that re-armed a oneshot registration
	 */
	public record EpollCtl(long add, long mod, long del, long rearms) {
	}

}
