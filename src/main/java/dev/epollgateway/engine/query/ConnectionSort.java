package dev.epollgateway.engine.query;

import java.util.Comparator;

/**
 * A sort order for connection listings: a key, ascending or descending, ties broken by id in the same direction so
 * that the order is total and cursors are stable.
 *
 * @param key the field
 * @param descending whether larger values come first
 */
public record ConnectionSort(ConnectionSortKey key, boolean descending) {

	/** Ascending by id, the default. */
	public static final ConnectionSort BY_ID = new ConnectionSort(ConnectionSortKey.ID, false);

	/**
	 * Parses {@code bytesIn} or {@code -bytesIn}.
	 * @throws IllegalArgumentException naming the valid keys
	 */
	public static ConnectionSort parse(String text) {
		if (text == null || text.isBlank()) {
			return BY_ID;
		}
		String trimmed = text.trim();
		boolean descending = trimmed.startsWith("-");
		return new ConnectionSort(ConnectionSortKey.fromApiName(descending ? trimmed.substring(1) : trimmed),
				descending);
	}

	/** The comparator this order defines over connection snapshots. */
	public Comparator<ConnectionInfo> comparator() {
		Comparator<ConnectionInfo> ascending = Comparator
			.<ConnectionInfo>comparingLong((info) -> info.valueOf(this.key))
			.thenComparingLong(ConnectionInfo::id);
		return this.descending ? ascending.reversed() : ascending;
	}

	/** Whether a connection with this sort value and id comes strictly after the cursor position. */
	public boolean isAfter(long value, long id, ConnectionCursor cursor) {
		int byValue = Long.compare(value, cursor.sortValue());
		int order = (byValue != 0) ? byValue : Long.compare(id, cursor.id());
		return this.descending ? order < 0 : order > 0;
	}

	/** {@code key} or {@code -key}. */
	@Override
	public String toString() {
		return (this.descending ? "-" : "") + this.key.apiName();
	}

}
