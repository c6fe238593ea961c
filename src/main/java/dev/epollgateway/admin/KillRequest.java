package dev.epollgateway.admin;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/connections/kill}: the listing's filters, plus how and how many to kill. A kill
 * needs a target: at least one filter, or {@code "all": true} to kill every connection on purpose. A missing or empty
 * body, or one with no filter, is refused ({@code KILL_FILTER_REQUIRED}), as Redis' {@code CLIENT KILL} refuses a
 * kill without a filter: one careless request must not drop every client.
 *
 * @param remote an IP address or CIDR block the peer must lie in
 * @param minIdleMs idle at least this long
 * @param minAgeMs connected at least this long
 * @param minBacklogBytes at least this many bytes waiting to be echoed
 * @param all {@code true} to kill every connection (with no filter); the only way to target them all
 * @param mode {@code graceful} (default) or {@code abort}
 * @param dryRun count the matches but kill nothing
 * @param max kill at most this many: on each loop the oldest first (in id order), loop after loop
 * @param unknown members that are none of the above: refused, since a misspelt filter silently ignored would widen
 * the kill
 */
public record KillRequest(String remote, Long minIdleMs, Long minAgeMs, Long minBacklogBytes, Boolean all, String mode,
		Boolean dryRun, Long max, @JsonAnySetter @Schema(hidden = true) Map<String, Object> unknown) {

	/** The members a kill request may have. */
	static final String MEMBERS = "remote, minIdleMs, minAgeMs, minBacklogBytes, all, mode, dryRun, max";

	/** The members that select connections. */
	static final String FILTERS = "remote, minIdleMs, minAgeMs, minBacklogBytes";

	/** Whether any filter member is present (an empty string counts as present, and is refused as invalid). */
	boolean hasFilter() {
		return this.remote != null || this.minIdleMs != null || this.minAgeMs != null || this.minBacklogBytes != null;
	}

	/** Whether the request asks for every connection explicitly. */
	boolean targetsAll() {
		return Boolean.TRUE.equals(this.all);
	}

}
