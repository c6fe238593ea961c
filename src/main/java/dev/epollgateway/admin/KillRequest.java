package dev.epollgateway.admin;

/**
 * The body of {@code POST /api/v1/connections/kill}: the listing's filters, plus how and how many to kill. Every
 * member is optional; an empty body kills every connection gracefully.
 *
 * @param remote an IP address or CIDR block the peer must lie in
 * @param minIdleMs idle at least this long
 * @param minAgeMs connected at least this long
 * @param minBacklogBytes at least this many bytes waiting to be echoed
 * @param mode {@code graceful} (default) or {@code abort}
 * @param dryRun count the matches but kill nothing
 * @param max kill at most this many
 */
public record KillRequest(String remote, Long minIdleMs, Long minAgeMs, Long minBacklogBytes, String mode,
		Boolean dryRun, Long max) {

}
