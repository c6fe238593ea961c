package dev.epollgateway.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import dev.epollgateway.engine.query.ConnectionCursor;
import dev.epollgateway.engine.query.ConnectionFilter;
import dev.epollgateway.engine.query.ConnectionInfo;
import dev.epollgateway.engine.query.ConnectionPage;
import dev.epollgateway.engine.query.ConnectionQuery;
import dev.epollgateway.engine.query.ConnectionSort;
import dev.epollgateway.engine.query.ConnectionSortKey;

/**
 * Bounded connection listings, built on the loop thread: filter every connection, keep only the best
 * {@code limit} after the cursor in a bounded heap (O(n log limit), no copy of the whole table), and copy just
 * those into {@link ConnectionInfo}s.
 * <p>
 * Threading: loop thread only (it reads live connections), but for {@link #merge}.
 */
final class ConnectionSnapshots {

	private ConnectionSnapshots() {
	}

	/**
	 * One loop's share of a page.
	 *
	 * @param items at most {@code limit} matches after the cursor, in order
	 * @param matched matches of the filter, cursor ignored
	 * @param remaining matches after the cursor (more than {@code items} means another page exists)
	 */
	record LoopPage(List<ConnectionInfo> items, long matched, long remaining) {
	}

	/**
	 * Merges the loops' shares into the page the caller sees: the best {@code limit} over all loops, and a cursor
	 * when more remain. Any thread (it reads only the snapshots).
	 */
	static ConnectionPage merge(List<LoopPage> pages, ConnectionQuery query, Instant snapshotAt) {
		List<ConnectionInfo> items = new ArrayList<>();
		long matched = 0;
		long remaining = 0;
		for (LoopPage page : pages) {
			items.addAll(page.items());
			matched += page.matched();
			remaining += page.remaining();
		}
		items.sort(query.sort().comparator());
		List<ConnectionInfo> pageItems = List.copyOf(items.subList(0, Math.min(query.limit(), items.size())));
		ConnectionCursor next = null;
		if (remaining > pageItems.size() && !pageItems.isEmpty()) {
			ConnectionInfo last = pageItems.get(pageItems.size() - 1);
			next = new ConnectionCursor(query.sort(), last.valueOf(query.sort().key()), last.id());
		}
		return new ConnectionPage(pageItems, next, matched, snapshotAt);
	}

	static LoopPage page(ConnectionTable table, ConnectionQuery query, int loop, long nowNanos, long nowMillis) {
		ConnectionSort sort = query.sort();
		if (sort.key() == ConnectionSortKey.ID && query.filter().equals(ConnectionFilter.ALL)) {
			return pageById(table, query, loop, nowNanos, nowMillis);
		}
		Comparator<Connection> order = Comparator
			.<Connection>comparingLong((connection) -> sortValue(connection, sort.key(), nowNanos, nowMillis))
			.thenComparingLong((connection) -> connection.id);
		if (sort.descending()) {
			order = order.reversed();
		}
		// A max-heap of the best candidates: its head is the worst one kept.
		PriorityQueue<Connection> best = new PriorityQueue<>(query.limit() + 1, order.reversed());
		long[] counts = new long[2];
		Comparator<Connection> finalOrder = order;
		table.forEach((connection) -> {
			if (connection.closed || !matches(connection, query.filter(), nowNanos, nowMillis)) {
				return;
			}
			counts[0]++;
			ConnectionCursor after = query.after();
			if (after != null && !sort.isAfter(sortValue(connection, sort.key(), nowNanos, nowMillis),
					connection.id, after)) {
				return;
			}
			counts[1]++;
			if (best.size() < query.limit()) {
				best.add(connection);
			}
			else if (finalOrder.compare(connection, best.peek()) < 0) {
				best.poll();
				best.add(connection);
			}
		});
		List<Connection> kept = new ArrayList<>(best);
		kept.sort(order);
		List<ConnectionInfo> items = new ArrayList<>(kept.size());
		for (Connection connection : kept) {
			items.add(info(connection, loop, nowNanos, nowMillis));
		}
		return new LoopPage(items, counts[0], counts[1]);
	}

	/**
	 * The default listing (every connection, by id) without touching a connection that is not on the page: closed
	 * connections leave the table at once, so every id in it matches and the table's size is the count.
	 */
	private static LoopPage pageById(ConnectionTable table, ConnectionQuery query, int loop, long nowNanos,
			long nowMillis) {
		boolean descending = query.sort().descending();
		long after = (query.after() != null) ? query.after().id() : (descending ? Long.MAX_VALUE : Long.MIN_VALUE);
		long[] ids = table.idsAfter(after, descending, query.limit());
		List<ConnectionInfo> items = new ArrayList<>(ids.length);
		for (long id : ids) {
			items.add(info(table.get(id), loop, nowNanos, nowMillis));
		}
		long remaining = ids.length;
		if (ids.length == query.limit()) {
			// More pages exist when any id lies beyond the last one: one more cheap scan answers it.
			remaining += table.idsAfter(ids[ids.length - 1], descending, 1).length;
		}
		return new LoopPage(items, table.size(), remaining);
	}

	static boolean matches(Connection connection, ConnectionFilter filter, long nowNanos, long nowMillis) {
		return idleMillis(connection, nowNanos) >= filter.minIdleMs()
				&& (nowNanos - connection.connectedAtNanos) / 1_000_000 >= filter.minAgeMs()
				&& connection.backlogBytes() >= filter.minBacklogBytes()
				&& (filter.remote() == null || filter.remote().contains(connection.remoteAddress));
	}

	static ConnectionInfo info(Connection connection, int loop, long nowNanos, long nowMillis) {
		long idleMs = idleMillis(connection, nowNanos);
		return new ConnectionInfo(connection.id, loop, connection.fd, connection.remoteAddressText(),
				connection.remotePort, connection.localPort, connection.connectedAtMillis,
				Math.max(0, (nowNanos - connection.connectedAtNanos) / 1_000_000), nowMillis - idleMs, idleMs,
				connection.bytesIn, connection.bytesOut, connection.reads, connection.writes, connection.eagainReads,
				connection.eagainWrites, connection.backlogBytes(), connection.readingPaused, state(connection),
				connection.interest,
				InterestMask.names(connection.interest));
	}

	static ConnectionInfo.State state(Connection connection) {
		if (connection.closeState != Connection.OPEN) {
			return ConnectionInfo.State.CLOSING;
		}
		return connection.inputEnded ? ConnectionInfo.State.HALF_CLOSED : ConnectionInfo.State.OPEN;
	}

	/** The value a connection sorts by; the same as {@link ConnectionInfo#valueOf} of its snapshot. */
	static long sortValue(Connection connection, ConnectionSortKey key, long nowNanos, long nowMillis) {
		return switch (key) {
			case ID -> connection.id;
			case AGE_MS -> -connection.connectedAtMillis;
			case IDLE_MS -> -(nowMillis - idleMillis(connection, nowNanos));
			case BYTES_IN -> connection.bytesIn;
			case BYTES_OUT -> connection.bytesOut;
			case WRITE_BACKLOG_BYTES -> connection.backlogBytes();
		};
	}

	private static long idleMillis(Connection connection, long nowNanos) {
		return Math.max(0, (nowNanos - connection.lastActivityNanos) / 1_000_000);
	}

}
