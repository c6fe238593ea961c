package dev.epollgateway.admin;

import java.util.function.Function;

import dev.epollgateway.engine.AcceptDistribution;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.TriggerMode;
import dev.epollgateway.engine.query.AddressRange;
import dev.epollgateway.engine.query.ConnectionCursor;
import dev.epollgateway.engine.query.ConnectionQuery;
import dev.epollgateway.engine.query.ConnectionSort;
import dev.epollgateway.engine.query.ConnectionSortKey;
import dev.epollgateway.engine.query.KillMode;

/**
 * Parses request parameters into the engine's types. Every failure is a 400 {@link ApiException} that names the
 * parameter and what would have been valid, so controllers take raw text and never see a half-parsed value.
 */
final class Parameters {

	static final int DEFAULT_LIMIT = 100;

	private Parameters() {
	}

	static int limit(String text) {
		if (text == null || text.isBlank()) {
			return DEFAULT_LIMIT;
		}
		String valid = "an integer from 1 to " + ConnectionQuery.MAX_LIMIT;
		try {
			int limit = Integer.parseInt(text.trim());
			if (limit >= 1 && limit <= ConnectionQuery.MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// reported below, with the valid range
		}
		throw ApiException.badParameter(ProblemCode.INVALID_LIMIT, "limit", valid,
				"The parameter 'limit' must be " + valid + " (was '" + text + "')");
	}

	static ConnectionSort sort(String text) {
		try {
			return ConnectionSort.parse(text);
		}
		catch (IllegalArgumentException ex) {
			String valid = ConnectionSortKey.validKeys() + " (prefix '-' for descending)";
			throw ApiException.badParameter(ProblemCode.INVALID_SORT, "sort", valid,
					"The parameter 'sort' must be one of " + valid + " (was '" + text + "')");
		}
	}

	static ConnectionCursor cursor(String text, ConnectionSort sort) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String valid = "the nextCursor of the previous page, with the same sort";
		ConnectionCursor cursor;
		try {
			cursor = ConnectionCursor.decode(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badParameter(ProblemCode.INVALID_CURSOR, "cursor", valid,
					"The parameter 'cursor' must be " + valid + " (was '" + text + "')");
		}
		if (!cursor.sort().equals(sort)) {
			throw ApiException.badParameter(ProblemCode.INVALID_CURSOR, "cursor", valid, "The parameter 'cursor'"
					+ " belongs to sort '" + cursor.sort() + "', not '" + sort + "'; keep the sort while paging");
		}
		return cursor;
	}

	/**
	 * The {@code remote} filter: {@code null} when absent; an empty or blank value is refused, never read as "any
	 * address".
	 */
	static AddressRange remote(String text) {
		if (text == null) {
			return null;
		}
		String valid = "an IPv4 or IPv6 address or CIDR block, e.g. 10.0.0.0/8 or ::1";
		if (text.isBlank()) {
			throw ApiException.badParameter(ProblemCode.INVALID_ADDRESS_RANGE, "remote", valid,
					"The parameter 'remote' must be " + valid + " (was empty; leave it out to match any address)");
		}
		try {
			return AddressRange.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badParameter(ProblemCode.INVALID_ADDRESS_RANGE, "remote", valid,
					"The parameter 'remote' must be " + valid + ": " + ex.getMessage());
		}
	}

	/** A numeric filter from a query: 0 (no condition) when absent; an empty or blank value is refused. */
	static long nonNegative(String name, String text) {
		if (text == null) {
			return 0;
		}
		if (text.isBlank()) {
			throw notNonNegative(name, text);
		}
		try {
			return nonNegative(name, Long.parseLong(text.trim()));
		}
		catch (NumberFormatException ex) {
			throw notNonNegative(name, text);
		}
	}

	static long nonNegative(String name, Long value) {
		if (value == null) {
			return 0;
		}
		if (value < 0) {
			throw notNonNegative(name, value);
		}
		return value;
	}

	private static ApiException notNonNegative(String name, Object value) {
		String valid = "a whole number, 0 or more";
		return ApiException.badParameter(ProblemCode.INVALID_PARAMETER, name, valid,
				"The parameter '" + name + "' must be " + valid + " (was '" + value + "')");
	}

	static long connectionId(String text) {
		String valid = "a connection id, a positive whole number";
		try {
			long id = Long.parseLong(text.trim());
			if (id > 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw ApiException.badParameter(ProblemCode.INVALID_CONNECTION_ID, "id", valid,
				"The path variable 'id' must be " + valid + " (was '" + text + "')");
	}

	static KillMode killMode(String text) {
		if (text == null || text.isBlank()) {
			return KillMode.GRACEFUL;
		}
		try {
			return KillMode.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badParameter(ProblemCode.INVALID_KILL_MODE, "mode", "graceful, abort",
					"The parameter 'mode' must be one of graceful, abort (was '" + text + "')");
		}
	}

	static TriggerMode triggerMode(String text) {
		return member(text, TriggerMode::parse, TriggerMode.validValues(), ProblemCode.INVALID_TRIGGER_MODE, "mode");
	}

	static AcceptDistribution acceptDistribution(String text) {
		return member(text, AcceptDistribution::parse, AcceptDistribution.validValues(),
				ProblemCode.INVALID_ACCEPT_DISTRIBUTION, "distribution");
	}

	static BackendKind backend(String text) {
		return member(text, BackendKind::parse, BackendKind.validValues(), ProblemCode.INVALID_BACKEND, "backend");
	}

	/** A body member naming one of a setting's values, in any case; a 400 with {@code code} naming the valid ones. */
	private static <T> T member(String text, Function<String, T> parse, String valid, ProblemCode code,
			String member) {
		try {
			return parse.apply(text);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badParameter(code, member, valid,
					"The member '" + member + "' must be one of " + valid + ", in any case (was '" + text + "')");
		}
	}

	static long max(Long value) {
		if (value == null) {
			return Long.MAX_VALUE;
		}
		if (value < 1) {
			String valid = "a whole number, 1 or more";
			throw ApiException.badParameter(ProblemCode.INVALID_PARAMETER, "max", valid,
					"The member 'max' must be " + valid + " (was '" + value + "')");
		}
		return value;
	}

}
