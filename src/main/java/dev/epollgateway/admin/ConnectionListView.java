package dev.epollgateway.admin;

import java.time.Instant;
import java.util.List;

import dev.epollgateway.engine.query.ConnectionPage;

/**
 * One page of {@code GET /api/v1/connections}.
 *
 * @param items the connections of this page, in the requested order
 * @param nextCursor pass it as {@code cursor} (with the same sort and filters) for the next page; null on the last
 * @param matched connections matching the filters at snapshot time, over all pages
 * @param snapshotAt when the engine took the snapshot
 */
public record ConnectionListView(List<ConnectionView> items, String nextCursor, long matched, Instant snapshotAt) {

	static ConnectionListView of(ConnectionPage page) {
		return new ConnectionListView(page.items().stream().map(ConnectionView::of).toList(),
				(page.next() != null) ? page.next().encode() : null, page.matched(), page.snapshotAt());
	}

}
