package dev.epollgateway.admin;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.swagger.v3.oas.annotations.media.Schema;

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
 * @param max kill at most this many: on each loop the oldest first (in id order), loop after loop
 * @param unknown members that are none of the above: refused, since a misspelt filter silently ignored would widen
 * the kill
 */
public record KillRequest(String remote, Long minIdleMs, Long minAgeMs, Long minBacklogBytes, String mode,
		Boolean dryRun, Long max, @JsonAnySetter @Schema(hidden = true) Map<String, Object> unknown) {

	/** The members a kill request may have. */
	static final String MEMBERS = "remote, minIdleMs, minAgeMs, minBacklogBytes, mode, dryRun, max";

	/** An empty request: every connection, gracefully. */
	static KillRequest empty() {
		return new KillRequest(null, null, null, null, null, null, null, null);
	}

}
