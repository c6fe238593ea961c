package dev.epollgateway.engine.query;

/**
 * A bounded request for one page of connections.
 *
 * @param filter which connections count
 * @param sort their order
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 * @param after the cursor of the previous page, {@code null} for the first page
 */
public record ConnectionQuery(ConnectionFilter filter, ConnectionSort sort, int limit, ConnectionCursor after) {

	/** The largest page. */
	public static final int MAX_LIMIT = 1000;

	public ConnectionQuery {
		if (filter == null) {
			filter = ConnectionFilter.ALL;
		}
		if (sort == null) {
			sort = ConnectionSort.BY_ID;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + " (was " + limit + ")");
		}
		if (after != null && !after.sort().equals(sort)) {
			throw new IllegalArgumentException(
					"The cursor belongs to sort '" + after.sort() + "', not '" + sort + "'; keep the sort while paging");
		}
	}

	/** The first page of every connection by id. */
	public static ConnectionQuery firstPage(int limit) {
		return new ConnectionQuery(ConnectionFilter.ALL, ConnectionSort.BY_ID, limit, null);
	}

}
