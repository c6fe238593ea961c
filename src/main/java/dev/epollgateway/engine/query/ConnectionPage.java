package dev.epollgateway.engine.query;

import java.time.Instant;
import java.util.List;

/**
 * One page of a connection listing.
 *
 * @param items at most the requested limit of connections, in the requested order
 * @param next the cursor of the next page; {@code null} on the last page
 * @param matched how many connections matched the filter at snapshot time (over all pages)
 * @param snapshotAt when the snapshot was taken
 */
public record ConnectionPage(List<ConnectionInfo> items, ConnectionCursor next, long matched, Instant snapshotAt) {
}
