package dev.epollgateway.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the engine's counters summed over all loops. Counters are monotonic since start; the others
 * ("now") are gauges. Reading it never stops a loop.
 *
 * @param at when the snapshot was read
 * @param state the engine's state
 * @param triggerMode the current trigger mode
 * @param loops number of event loops
 * @param connections connection counts
 * @param readyList what {@code epoll_wait} handed back
 * @param buffers write backlogs and backpressure
 * @param syscalls system calls by kind
 * @param traffic bytes and echoed messages
 * @param loopTiming where loop time goes
 * @param modeSwitches live trigger-mode switches
 * @param backend the readiness backend in force, its live switches, and the cost of the wait calls on each backend
 * @param acceptPath how the loops share the listening port and the connections, per loop and over the loops
 * @param threads how the loop threads share the event source, and what several threads on one epoll instance cost
 */
public record EngineStatistics(Instant at, EngineState state, TriggerMode triggerMode, int loops,
		Connections connections, ReadyList readyList, Buffers buffers, Syscalls syscalls, Traffic traffic,
		LoopTiming loopTiming, ModeSwitches modeSwitches, Backend backend, AcceptPath acceptPath,
		ThreadSharing threads) {

	/**
	 * Several threads on one event source (shared epoll): what the ownership guard saw, over the trigger modes and
	 * per mode in force when it was counted. Under loop-per-thread no thread is ever handed another's connection, and
	 * collisions and late hand-offs stay 0.
	 *
	 * @param topology how the loop threads share the event source
	 * @param total the counts over every mode
	 * @param byMode the counts while each mode was in force
	 */
	public record ThreadSharing(Topology topology, SharingCounts total, Map<TriggerMode, SharingCounts> byMode) {

		/** Over every mode. */
		public long events() {
			return this.total.events();
		}

		/** Over every mode. */
		public long collisions() {
			return this.total.collisions();
		}

		/** Over every mode. */
		public long lateHandoffs() {
			return this.total.lateHandoffs();
		}

		/** Over every mode. */
		public long drainedReads() {
			return this.total.drainedReads();
		}

		/** Over every mode. */
		public long rearms() {
			return this.total.rearms();
		}

	}

	/**
	 * What the ownership guard counted.
	 *
	 * @param events ready events the threads were handed (every kind, over the loops)
	 * @param collisions events handed for a connection another thread was reading or writing at that moment
	 * @param lateHandoffs events handed for a connection whose owner had finished its I/O but not yet let it go
	 * @param drainedReads read passes whose first read found nothing: woken for data already taken
	 * @param rearms {@code EPOLLONESHOT} re-arms
	 */
	public record SharingCounts(long events, long collisions, long lateHandoffs, long drainedReads, long rearms) {

		static SharingCounts sum(Iterable<SharingCounts> all) {
			long events = 0;
			long collisions = 0;
			long lateHandoffs = 0;
			long drainedReads = 0;
			long rearms = 0;
			for (SharingCounts counts : all) {
				events += counts.events;
				collisions += counts.collisions;
				lateHandoffs += counts.lateHandoffs;
				drainedReads += counts.drainedReads;
				rearms += counts.rearms;
			}
			return new SharingCounts(events, collisions, lateHandoffs, drainedReads, rearms);
		}

		/** Collisions per 1,000 events. */
		public double collisionsPerThousandEvents() {
			return perThousand(this.collisions);
		}

		/** Late hand-offs per 1,000 events. */
		public double lateHandoffsPerThousandEvents() {
			return perThousand(this.lateHandoffs);
		}

		/** Read passes that found the connection drained, per 1,000 events. */
		public double drainedReadsPerThousandEvents() {
			return perThousand(this.drainedReads);
		}

		/** Re-arms per 1,000 events. */
		public double rearmsPerThousandEvents() {
			return perThousand(this.rearms);
		}

		private double perThousand(long count) {
			return (this.events == 0) ? 0 : 1000.0 * count / this.events;
		}

	}

	/**
	 * The accept path: how many wakeups each accepted connection cost, and how evenly the loops share them.
	 *
	 * @param distribution how the loops share the listening port now
	 * @param effective whether the distribution matters: false with one loop, where the three are the same
	 * @param switches live distribution switches since start
	 * @param wakeups listener readiness events, over the loops
	 * @param accepted connections accepted and kept, over the loops
	 * @param emptyWakeups wakeups whose first {@code accept4} found nothing ({@code EAGAIN}): woken for nothing
	 * @param share the largest number of connections one loop accepted over the smallest; null while one loop has
	 * accepted none and another some
	 * @param fairness Jain's fairness index of the accepted connections, {@code (Σx)²/(n·Σx²)}: 1 when even,
	 * {@code 1/n} when one loop took them all
	 * @param loops the same per loop, in loop order
	 */
	public record AcceptPath(AcceptDistribution distribution, boolean effective, long switches, long wakeups,
			long accepted, long emptyWakeups, Double share, double fairness, List<LoopAccepts> loops) {

		/** Accept wakeups per accepted connection over the loops: about 1 without a herd, up to the loops with it. */
		public double wakeupsPerAccepted() {
			return (this.accepted == 0) ? 0 : (double) this.wakeups / this.accepted;
		}

	}

	/**
	 * One loop's accept path.
	 *
	 * @param loop the loop's index
	 * @param wakeups readiness events of its listeners
	 * @param accepted connections it accepted and kept
	 * @param emptyWakeups wakeups whose first {@code accept4} found nothing
	 * @param connections connections it owns now
	 */
	public record LoopAccepts(int loop, long wakeups, long accepted, long emptyWakeups, long connections) {
	}

	/**
	 * @param active open now
	 * @param accepted accepted and kept since start
	 * @param closed closed since start, by reason
	 * @param rejected closed at accept since start, by reason
	 */
	public record Connections(long active, long accepted, Map<CloseReason, Long> closed,
			Map<RejectReason, Long> rejected) {
	}

	/**
	 * @param wakeups {@code epoll_wait} returns
	 * @param emptyWakeups returns with no event (timeouts)
	 * @param eventfdWakeups wakeups by the command eventfd
	 * @param events events handed back in total
	 * @param fullEventArrays wakeups that filled the whole event array (more was ready than fetched)
	 * @param eventsPerWakeup histogram of the ready-list size per wakeup
	 * @param readyPendingNow connections on the user-space ready-pending queue now
	 * @param readyPendingQueued times a connection was put on that queue because it used its read budget
	 * @param readyPendingMax the longest that queue has been
	 */
	public record ReadyList(long wakeups, long emptyWakeups, long eventfdWakeups, long events, long fullEventArrays,
			List<Bucket> eventsPerWakeup, long readyPendingNow, long readyPendingQueued, long readyPendingMax) {
	}

	/**
	 * One histogram bucket.
	 *
	 * @param upTo the largest value counted in this bucket ({@link Long#MAX_VALUE} for the last)
	 * @param count how many wakeups fell in it
	 */
	public record Bucket(long upTo, long count) {
	}

	/**
	 * @param backlogBytes bytes waiting in write backlogs now
	 * @param backlogBytesPeak the largest backlog one connection has had
	 * @param connectionsWithBacklog connections with a non-empty backlog now
	 * @param pausedReaders connections whose reading is paused by backpressure now
	 * @param readPauses times reading was paused since start
	 * @param readBufferSize bytes of the shared read buffer of each loop
	 * @param writeHighWatermark backlog bytes that pause reading
	 * @param writeLowWatermark backlog bytes that resume reading
	 */
	public record Buffers(long backlogBytes, long backlogBytesPeak, long connectionsWithBacklog, long pausedReaders,
			long readPauses, int readBufferSize, int writeHighWatermark, int writeLowWatermark) {
	}

	/**
	 * @param epollWaits {@code epoll_wait} calls
	 * @param reads {@code read} calls on connections (with data, at EOF and at {@code EAGAIN})
	 * @param eagainReads reads that returned {@code EAGAIN}
	 * @param writes {@code send} calls
	 * @param eagainWrites sends that returned {@code EAGAIN}
	 * @param shortWrites sends that wrote less than asked
	 * @param ctlAdd {@code EPOLL_CTL_ADD} calls
	 * @param ctlMod {@code EPOLL_CTL_MOD} calls (re-arms, switches, write interest, pauses)
	 * @param ctlDel {@code EPOLL_CTL_DEL} calls
	 * @param rearms {@code EPOLL_CTL_MOD} calls that re-armed a oneshot registration
	 * @param accepts {@code accept4} calls
	 */
	public record Syscalls(long epollWaits, long reads, long eagainReads, long writes, long eagainWrites,
			long shortWrites, long ctlAdd, long ctlMod, long ctlDel, long rearms, long accepts) {

		/** Every counted system call. */
		public long total() {
			return this.epollWaits + this.reads + this.writes + this.ctlAdd + this.ctlMod + this.ctlDel + this.accepts;
		}

	}

	/**
	 * @param bytesIn bytes read
	 * @param bytesOut bytes written
	 * @param messages reads that returned data: each is echoed as one message
	 */
	public record Traffic(long bytesIn, long bytesOut, long messages) {
	}

	/**
	 * @param iterations loop turns
	 * @param waitNanos time spent inside {@code epoll_wait}
	 * @param processNanos time spent handling events and commands
	 */
	public record LoopTiming(long iterations, long waitNanos, long processNanos) {
	}

	/**
	 * @param count switches applied (each counts once, however many loops)
	 * @param lastConnectionsRearmed connections re-armed by the last switch
	 * @param lastSwitchNanos duration of the last switch (slowest loop)
	 */
	public record ModeSwitches(long count, long lastConnectionsRearmed, long lastSwitchNanos) {
	}

	/**
	 * @param current the backend every loop waits with
	 * @param switches live backend switches that moved the loops (each counts once, however many loops)
	 * @param lastConnectionsMoved connections moved by the last switch
	 * @param lastSwitchNanos duration of the last switch (slowest loop)
	 * @param waitCalls the wait calls made on each backend since start
	 */
	public record Backend(BackendKind current, long switches, long lastConnectionsMoved, long lastSwitchNanos,
			Map<BackendKind, WaitCalls> waitCalls) {
	}

	/**
	 * The chapter's "operations per call" of one backend: what its wait calls cost, summed since start.
	 *
	 * @param calls wait calls ({@code epoll_wait}, {@code poll} or {@code select})
	 * @param fdsHandedToKernel entries handed to the kernel to examine: none for epoll (its interest list lives in the
	 * kernel), every pollfd for poll, {@code nfds} for select
	 * @param entriesScanned entries scanned in user space to find the ready ones: the ready ones for epoll, the array
	 * (up to the last ready entry) for poll, the bitmaps' range for select
	 * @param readyReturned ready entries the calls returned
	 * @param waitNanos time inside the calls
	 */
	public record WaitCalls(long calls, long fdsHandedToKernel, long entriesScanned, long readyReturned,
			long waitNanos) {

		/** Entries handed to the kernel per call; 0 before the first call. */
		public double fdsHandedPerCall() {
			return perCall(this.fdsHandedToKernel);
		}

		/** Entries scanned in user space per call; 0 before the first call. */
		public double entriesScannedPerCall() {
			return perCall(this.entriesScanned);
		}

		/** Ready entries returned per call; 0 before the first call. */
		public double readyPerCall() {
			return perCall(this.readyReturned);
		}

		private double perCall(long total) {
			return (this.calls == 0) ? 0 : (double) total / this.calls;
		}

	}

	/** System calls per echoed message: the price of the trigger mode; 0 before the first message. */
	public double syscallsPerMessage() {
		return (this.traffic.messages() == 0) ? 0 : (double) this.syscalls.total() / this.traffic.messages();
	}

}
