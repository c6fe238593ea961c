package dev.epollgateway.console;

import java.util.List;

import dev.epollgateway.engine.EngineStatistics;

/**
 * One point of the console's charts: what changed in the engine's counters over one sample interval, as rates per
 * second or ratios, plus the gauges at its end. Immutable.
 *
 * @param at epoch milliseconds at the end of the interval
 * @param state the engine's state
 * @param triggerMode the trigger mode in force at the end of the interval
 * @param modeSwitches switches applied since start (a change from the previous sample is a switch marker)
 * @param backend the readiness backend in force at the end of the interval
 * @param backendSwitches live backend switches since start (a change is a marker too)
 * @param connections connections open now
 * @param wakeups {@code epoll_wait} returns per second
 * @param emptyWakeups returns with no event per second
 * @param eventfdWakeups wakeups by the command eventfd per second
 * @param eventsPerWakeup events handed back per wakeup in this interval
 * @param eventsPerWakeupHistogram wakeups in this interval per ready-list bucket (bounds in {@link StatisticsStream})
 * @param readyPending connections on the user-space ready-pending queue now
 * @param readsPerMessage {@code read} calls per echoed message
 * @param eagainReadsPerMessage reads that returned {@code EAGAIN}, per message (EDGE and ONESHOT pay one per wakeup)
 * @param writesPerMessage {@code send} calls per message
 * @param epollWaitsPerMessage {@code epoll_wait} calls per message
 * @param epollCtlPerMessage {@code epoll_ctl} calls per message (ONESHOT's re-arms)
 * @param syscallsPerMessage every counted system call per message
 * @param waitShare share of loop time spent inside {@code epoll_wait} (0 to 1)
 * @param processShare share of loop time spent handling events and commands (0 to 1)
 * @param messages echoed messages per second
 * @param bytesIn bytes read per second
 * @param bytesOut bytes written per second
 * @param backlogBytes bytes waiting in write backlogs now
 * @param pausedReaders connections whose reading is paused by backpressure now
 */
public record StatisticsSample(long at, String state, String triggerMode, long modeSwitches, String backend,
		long backendSwitches, long connections,
		double wakeups, double emptyWakeups, double eventfdWakeups, double eventsPerWakeup,
		List<Long> eventsPerWakeupHistogram, long readyPending, double readsPerMessage, double eagainReadsPerMessage,
		double writesPerMessage, double epollWaitsPerMessage, double epollCtlPerMessage, double syscallsPerMessage,
		double waitShare, double processShare, double messages, double bytesIn, double bytesOut, long backlogBytes,
		long pausedReaders) {

	/** The sample of the interval between two reads of the counters. */
	static StatisticsSample between(EngineStatistics before, EngineStatistics after) {
		double seconds = Math.max(1e-3, (after.at().toEpochMilli() - before.at().toEpochMilli()) / 1000.0);
		EngineStatistics.ReadyList r0 = before.readyList();
		EngineStatistics.ReadyList r1 = after.readyList();
		EngineStatistics.Syscalls s0 = before.syscalls();
		EngineStatistics.Syscalls s1 = after.syscalls();
		long wakeups = r1.wakeups() - r0.wakeups();
		long messages = after.traffic().messages() - before.traffic().messages();
		long waitNanos = after.loopTiming().waitNanos() - before.loopTiming().waitNanos();
		long processNanos = after.loopTiming().processNanos() - before.loopTiming().processNanos();
		long loopNanos = waitNanos + processNanos;
		Long[] histogram = new Long[r1.eventsPerWakeup().size()];
		for (int i = 0; i < histogram.length; i++) {
			long earlier = (i < r0.eventsPerWakeup().size()) ? r0.eventsPerWakeup().get(i).count() : 0;
			histogram[i] = r1.eventsPerWakeup().get(i).count() - earlier;
		}
		long ctl = (s1.ctlAdd() - s0.ctlAdd()) + (s1.ctlMod() - s0.ctlMod()) + (s1.ctlDel() - s0.ctlDel());
		return new StatisticsSample(after.at().toEpochMilli(), after.state().name(), after.triggerMode().name(),
				after.modeSwitches().count(), after.backend().current().name(), after.backend().switches(),
				after.connections().active(), wakeups / seconds,
				(r1.emptyWakeups() - r0.emptyWakeups()) / seconds,
				(r1.eventfdWakeups() - r0.eventfdWakeups()) / seconds,
				ratio(r1.events() - r0.events(), wakeups), List.of(histogram), r1.readyPendingNow(),
				ratio(s1.reads() - s0.reads(), messages), ratio(s1.eagainReads() - s0.eagainReads(), messages),
				ratio(s1.writes() - s0.writes(), messages), ratio(s1.epollWaits() - s0.epollWaits(), messages),
				ratio(ctl, messages), ratio(s1.total() - s0.total(), messages), ratio(waitNanos, loopNanos),
				ratio(processNanos, loopNanos), messages / seconds,
				(after.traffic().bytesIn() - before.traffic().bytesIn()) / seconds,
				(after.traffic().bytesOut() - before.traffic().bytesOut()) / seconds, after.buffers().backlogBytes(),
				after.buffers().pausedReaders());
	}

	private static double ratio(long part, long whole) {
		return (whole == 0) ? 0 : (double) part / whole;
	}

}
