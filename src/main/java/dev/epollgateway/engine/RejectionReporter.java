package dev.epollgateway.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.epollgateway.engine.nativeio.NativeBuffer;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * Tells operators about one loop's rejected connections without letting a flood of them flood anything: at most one
 * {@link EngineEvent.Type#CONNECTION_REJECTED} event per {@link #EVENT_INTERVAL_NANOS} and one WARN line per
 * {@link #LOG_INTERVAL_NANOS}. The first rejection after a quiet interval is published at once with its peer; the
 * ones that follow within the interval are counted and published together, by reason, when the interval is over
 * (at the next rejection, or at the loop's next turn). The exact totals are the loop's counters; this only reports.
 * <p>
 * Threading: loop thread only.
 */
final class RejectionReporter {

	/** At most one rejection event per loop per this interval. */
	static final long EVENT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** At most one warning per loop per this interval. */
	static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final Logger logger = LoggerFactory.getLogger(RejectionReporter.class);

	private final EventPublisher events;

	private final int loop;

	private final long[] unpublished = new long[RejectReason.values().length];

	private final long[] unlogged = new long[RejectReason.values().length];

	private long unpublishedTotal;

	private long unloggedTotal;

	private long lastEventNanos;

	private long lastLogNanos;

	private boolean published;

	private boolean logged;

	RejectionReporter(EventPublisher events, int loop) {
		this.events = events;
		this.loop = loop;
	}

	/** One connection was closed at once for {@code reason}; {@code peer} holds its address as accept wrote it. */
	void rejected(RejectReason reason, NativeBuffer peer, long now) {
		if (reason != RejectReason.FD_LIMIT) { // the acceptor logs its sheds itself, with the listener's rest
			this.unlogged[reason.ordinal()]++;
			this.unloggedTotal++;
			if (!this.logged || now - this.lastLogNanos >= LOG_INTERVAL_NANOS) {
				log(now);
			}
		}
		if (this.published && now - this.lastEventNanos < EVENT_INTERVAL_NANOS) {
			this.unpublished[reason.ordinal()]++;
			this.unpublishedTotal++;
			return;
		}
		long sequence = this.events.next();
		if (sequence != EventPublisher.NOBODY_LISTENS) {
			String detail = describe(reason) + " (loop " + this.loop + ")" + followers();
			this.events.publish(sequence, EngineEvent.Type.CONNECTION_REJECTED, 0, endpoint(peer), null, reason,
					detail);
		}
		clearUnpublished();
		this.lastEventNanos = publishedNanos();
		this.published = true;
	}

	/** At the loop's turn: publishes what was counted once its interval is over. Cheap when nothing is counted. */
	void flush(long now) {
		if (this.unpublishedTotal == 0 || now - this.lastEventNanos < EVENT_INTERVAL_NANOS) {
			return;
		}
		long sequence = this.events.next();
		if (sequence != EventPublisher.NOBODY_LISTENS) {
			RejectReason most = mostFrequent();
			String detail = this.unpublishedTotal + " more rejected on loop " + this.loop + " in the last "
					+ TimeUnit.NANOSECONDS.toMillis(now - this.lastEventNanos) + " ms: " + byReason(this.unpublished);
			this.events.publish(sequence, EngineEvent.Type.CONNECTION_REJECTED, 0, null, null, most, detail);
		}
		clearUnpublished();
		this.lastEventNanos = publishedNanos();
	}

	/**
	 * The interval starts once the event is out, not at the turn's clock reading: the first event of a loop can take
	 * milliseconds to build (its address formatted for the first time), and a subscriber, reading the events' own
	 * timestamps, must still see them at least the interval apart.
	 */
	private static long publishedNanos() {
		return System.nanoTime();
	}

	/** Nanoseconds until {@link #flush} has something to publish, {@link Long#MAX_VALUE} when nothing is counted. */
	long nanosUntilFlush(long now) {
		return (this.unpublishedTotal == 0) ? Long.MAX_VALUE : this.lastEventNanos + EVENT_INTERVAL_NANOS - now;
	}

	private void log(long now) {
		if (this.logged) {
			logger.warn("Loop {} rejected {} connections in the last {} s: {}", this.loop, this.unloggedTotal,
					TimeUnit.NANOSECONDS.toSeconds(now - this.lastLogNanos), byReason(this.unlogged));
		}
		else {
			logger.warn("Loop {} rejected a connection: {} (further rejections are reported at most every {} s)",
					this.loop, byReason(this.unlogged), TimeUnit.NANOSECONDS.toSeconds(LOG_INTERVAL_NANOS));
		}
		Arrays.fill(this.unlogged, 0);
		this.unloggedTotal = 0;
		this.lastLogNanos = now;
		this.logged = true;
	}

	private String followers() {
		return (this.unpublishedTotal == 0) ? ""
				: "; " + this.unpublishedTotal + " more before it: " + byReason(this.unpublished);
	}

	private RejectReason mostFrequent() {
		RejectReason most = RejectReason.values()[0];
		for (RejectReason reason : RejectReason.values()) {
			if (this.unpublished[reason.ordinal()] > this.unpublished[most.ordinal()]) {
				most = reason;
			}
		}
		return most;
	}

	private void clearUnpublished() {
		Arrays.fill(this.unpublished, 0);
		this.unpublishedTotal = 0;
	}

	private static String byReason(long[] counts) {
		Map<RejectReason, Long> nonZero = new EnumMap<>(RejectReason.class);
		for (RejectReason reason : RejectReason.values()) {
			if (counts[reason.ordinal()] > 0) {
				nonZero.put(reason, counts[reason.ordinal()]);
			}
		}
		StringJoiner text = new StringJoiner(", ");
		nonZero.forEach((reason, count) -> text.add(count + " " + describe(reason)));
		return text.toString();
	}

	private static String describe(RejectReason reason) {
		return switch (reason) {
			case MAX_CONNECTIONS -> "max-connections reached";
			case FD_LIMIT -> "out of file descriptors";
			case FD_SETSIZE -> "fd at or above FD_SETSIZE (1024) on select";
		};
	}

	private static String endpoint(NativeBuffer peer) {
		byte[] address = Sockets.addressBytes(peer);
		try {
			String text = InetAddress.getByAddress(address).getHostAddress();
			return ((address.length == 16) ? "[" + text + "]" : text) + ":" + Sockets.port(peer);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
