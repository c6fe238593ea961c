package dev.epollgateway.admin;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Checks that a kill request names its target before anything is parsed for the engine: no unknown member, valid
 * options, at least one filter or an explicit {@code "all": true}, never both. Stateless; any thread.
 */
final class KillTargets {

	private KillTargets() {
	}

	/**
	 * The request, checked.
	 * @param request the body as bound, {@code null} when there was none
	 * @throws ApiException 400 {@code KILL_FILTER_REQUIRED} without a target, {@code INVALID_PARAMETER} for an
	 * unknown member or {@code all} beside a filter, the option's own code for a bad {@code mode} or {@code max}
	 */
	static KillRequest checked(KillRequest request) {
		if (request == null) {
			throw filterRequired("The request has no body");
		}
		if (request.unknown() != null && !request.unknown().isEmpty()) {
			String member = request.unknown().keySet().iterator().next();
			throw ApiException.badParameter(ProblemCode.INVALID_PARAMETER, member, KillRequest.MEMBERS,
					"The member '" + member + "' is not a kill filter or option; valid members are "
							+ KillRequest.MEMBERS);
		}
		// The options first, so that a bad one is named even on a body that also lacks a target.
		Parameters.killMode(request.mode());
		Parameters.max(request.max());
		if (request.targetsAll() && request.hasFilter()) {
			throw ApiException.badParameter(ProblemCode.INVALID_PARAMETER, "all", "true without any filter",
					"The member 'all' kills every connection and cannot be combined with the filters "
							+ KillRequest.FILTERS + "; send either");
		}
		if (!request.targetsAll() && !request.hasFilter()) {
			throw filterRequired("The request has no filter");
		}
		return request;
	}

	private static ApiException filterRequired(String what) {
		return new ApiException(HttpStatus.BAD_REQUEST, ProblemCode.KILL_FILTER_REQUIRED, what + ": a kill needs at"
				+ " least one of " + KillRequest.FILTERS + ", or \"all\": true to kill every connection on purpose"
				+ " (add \"dryRun\": true to count them first)",
				Map.of("validValues", KillRequest.FILTERS + ", or \"all\": true"), null);
	}

}
