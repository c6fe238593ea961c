package dev.epollgateway.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.EngineState;
import dev.epollgateway.engine.TriggerMode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of careless and malformed requests from a seeded generator, over every endpoint of both ports, every
 * method, every role (and none, and wrong credentials) and every parameter: junk numbers, bad escapes, invalid
 * characters, huge values, wrong types, extra members, empty and broken bodies, wrong media types. Each answer must
 * be no 5xx but a documented 503, an error must be a problem detail with a code, and a request that must be refused
 * (every one that could change the engine is generated with at least one defect) must be refused and change nothing:
 * the same connections stay open and echo byte-exact, the mode stays LEVEL and the backend epoll, the engine keeps
 * running. Nothing a client sends may log an ERROR or a stack trace.
 * <p>
 * The seed is {@code -Dgateway.it.badInputSeed} (14 by default) and is in every failure message, so a failure replays.
 * Its own context, with the lockout off: the wrong credentials it sends would otherwise lock 127.0.0.1 out.
 */
@TestPropertySource(properties = "gateway.security.lockout.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class GeneratedBadInputTests extends GatewayTestSupport {

	private static final int REQUESTS = 2400;

	private static final int CLIENTS = 8;

	private static final Set<String> DOCUMENTED_503 = Set.of("ENGINE_TIMEOUT", "ENGINE_UNAVAILABLE",
			"TOO_MANY_SUBSCRIBERS");

	private static final String[] JUNK_NUMBERS = { "", " ", "-1", "-0", "+5", "1.5", "1e3", "1e400", "0x10", "NaN",
			"Infinity", "99999999999999999999999", "-9223372036854775809", "9223372036854775807", "ten", "1,000",
			"%31", "0", "007", "\u0663", "1 2", "true", "null", "[]", "{}" };

	private static final String[] JUNK_TEXT = { "", " ", "x", "../../etc/passwd", "<script>", "'; DROP TABLE", "%ff%fe",
			"%", "%e", "%zz", "fe80::1%eth0", "%00", "\u00e9\u00e8", "a".repeat(5000), "10.0.0.0/33", "300.1.2.3",
			"::1/129", "example.com", "127.0.0.1/-1", "-id", "--", "id,ageMs", "IDLE", "graceful ", "LEVEL;" };

	/** Characters Tomcat refuses raw in a request target. */
	private static final String[] RAW_INVALID = { "[", "]", "{", "}", "|", "^", "`", "\"", "<", ">", "\\" };

	private static final String[] METHODS = { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
			"FOO", "get", "PROPFIND" };

	private static final String[] CONTENT_TYPES = { "application/json", "application/json", "text/plain",
			"application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "application/json;;;",
			"application/json; charset=nope", "application/*", "", "application/problem+json" };

	private static final String[] ACCEPTS = { "application/json", "*/*", "application/xml", "text/html", "image/png",
			"text/event-stream", "application/json;q=abc", "" };

	/** An endpoint: port, method, path template, its parameters, what it can change. */
	private record Endpoint(boolean api, String method, String path, String[] parameters, Kind kind) {
	}

	private enum Kind {

		/** Reads only. */
		SAFE,
		/** Would change the engine if accepted: always generated with a defect. */
		MUTATING,
		/** Opens an event stream if accepted: always generated with a defect. */
		STREAM

	}

	private static final String[] LIST_PARAMETERS = { "limit", "cursor", "sort", "remote", "minIdleMs", "minAgeMs",
			"minBacklogBytes" };

	private static final List<Endpoint> ENDPOINTS = List.of(
			new Endpoint(true, "GET", "/api/v1/connections", LIST_PARAMETERS, Kind.SAFE),
			new Endpoint(true, "GET", "/api/v1/connections/{id}", new String[0], Kind.SAFE),
			new Endpoint(true, "DELETE", "/api/v1/connections/{id}", new String[] { "mode" }, Kind.MUTATING),
			new Endpoint(true, "POST", "/api/v1/connections/kill", new String[0], Kind.MUTATING),
			new Endpoint(true, "GET", "/api/v1/engine", new String[0], Kind.SAFE),
			new Endpoint(true, "PUT", "/api/v1/engine/trigger-mode", new String[0], Kind.MUTATING),
			new Endpoint(true, "PUT", "/api/v1/engine/backend", new String[0], Kind.MUTATING),
			new Endpoint(true, "PUT", "/api/v1/engine/accept-distribution", new String[0], Kind.MUTATING),
			new Endpoint(true, "POST", "/api/v1/engine/pause", new String[0], Kind.MUTATING),
			new Endpoint(true, "POST", "/api/v1/engine/resume", new String[0], Kind.MUTATING),
			new Endpoint(true, "POST", "/api/v1/engine/drain", new String[0], Kind.MUTATING),
			new Endpoint(true, "GET", "/api/v1/events", new String[0], Kind.STREAM),
			new Endpoint(true, "GET", "/v3/api-docs", new String[0], Kind.SAFE),
			new Endpoint(true, "GET", "/api/v1/no-such-thing", new String[0], Kind.SAFE),
			new Endpoint(false, "GET", "/actuator", new String[0], Kind.SAFE),
			new Endpoint(false, "GET", "/actuator/health", new String[0], Kind.SAFE),
			new Endpoint(false, "GET", "/actuator/health/liveness", new String[0], Kind.SAFE),
			new Endpoint(false, "GET", "/actuator/health/readiness", new String[0], Kind.SAFE),
			new Endpoint(false, "GET", "/actuator/epoll", new String[0], Kind.SAFE),
			new Endpoint(false, "GET", "/actuator/metrics", new String[0], Kind.SAFE),
			new Endpoint(false, "GET", "/actuator/metrics/{name}", new String[] { "tag" }, Kind.SAFE),
			new Endpoint(false, "GET", "/actuator/prometheus", new String[] { "includedNames" }, Kind.SAFE),
			new Endpoint(false, "GET", "/actuator/no-such-endpoint", new String[0], Kind.SAFE));

	private enum Role {

		ANONYMOUS, WRONG_PASSWORD, JUNK_AUTHORIZATION, VIEWER, OPERATOR, ADMIN;

		String authorization(Random random) {
			return switch (this) {
				case ANONYMOUS -> null;
				case WRONG_PASSWORD -> RawHttp.basic("admin", "wrong-" + random.nextInt(1000));
				case JUNK_AUTHORIZATION -> pick(random, "Basic !!!", "Basic ", "Bearer x", "Basic "
						+ java.util.Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
						"Digest x", "Basic " + "A".repeat(3000));
				case VIEWER -> RawHttp.basic("viewer", GatewayClient.VIEWER_PASSWORD);
				case OPERATOR -> RawHttp.basic("operator", GatewayClient.OPERATOR_PASSWORD);
				case ADMIN -> RawHttp.basic("admin", GatewayClient.ADMIN_PASSWORD);
			};
		}

	}

	/** One generated request; {@code mustBeRefused} when it would change something if accepted. */
	private record Request(int port, String method, String target, Map<String, String> headers, byte[] body,
			boolean mustBeRefused, String why) {

		private String headerText() {
			StringBuilder text = new StringBuilder("[");
			this.headers.forEach((name, value) -> text.append(name).append(": ")
				.append(name.equals("Authorization") ? value.substring(0, Math.min(12, value.length())) + "..."
						: abbreviate(value))
				.append("; "));
			return text.append("]").toString();
		}

		String describe() {
			return this.method + " " + ((this.target.length() > 200) ? this.target.substring(0, 200) + "..."
					: this.target) + " " + headerText() + " body "
					+ ((this.body == null) ? "none" : abbreviate(new String(this.body, StandardCharsets.UTF_8)))
					+ " (" + this.why + ")";
		}

	}

	@Test
	void noGeneratedBadRequestGetsA5xxOrAnswersWithoutAProblemOrChangesAnything(CapturedOutput output)
			throws IOException {
		long seed = Long.getLong("gateway.it.badInputSeed", 14L);
		Random random = new Random(seed);
		List<EchoClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(EchoClient.connect(echoPort()));
				clients.get(i).echoAndCheck(64);
			}
			Map<Integer, Integer> statuses = new java.util.TreeMap<>();
			for (int i = 0; i < REQUESTS; i++) {
				Request request = generate(random);
				RawHttp.Response response = RawHttp.exchange(request.port(), request.method(), request.target(),
						request.headers(), request.body());
				String context = "seed " + seed + ", request " + i + ": " + request.describe() + " -> " + response;
				assertAnswer(request, response, context);
				statuses.merge(response.status(), 1, Integer::sum);
				if (i % 200 == 199 || i == REQUESTS - 1) {
					assertNothingChanged(clients, random, context);
				}
			}
			assertThat(statuses.keySet()).as("the generator reaches refusals of many kinds: %s", statuses)
				.contains(200, 400, 401, 403, 404, 405, 415);
		}
		finally {
			for (EchoClient client : clients) {
				client.close();
			}
		}
		assertThat(output.getAll()).as("a client's mistakes never log an ERROR or a stack trace")
			.doesNotContain(" ERROR ")
			.doesNotContain("\tat ");
	}

	private void assertAnswer(Request request, RawHttp.Response response, String context) {
		int status = response.status();
		if (status >= 500) {
			assertThat(status).as("the only 5xx is a documented 503; %s", context).isEqualTo(503);
		}
		if (status >= 400) {
			assertThat(response.contentType()).as(context).startsWith("application/problem+json");
			if (!request.method().equals("HEAD")) {
				String code = response.json().path("code").asString();
				assertThat(code).as(context).isNotBlank();
				assertThat(response.json().path("status").asInt()).as(context).isEqualTo(status);
				if (status == 503) {
					assertThat(DOCUMENTED_503).as(context).contains(code);
				}
			}
		}
		if (request.mustBeRefused()) {
			assertThat(status).as("a request with a defect is refused; %s", context).isGreaterThanOrEqualTo(400);
		}
	}

	private void assertNothingChanged(List<EchoClient> clients, Random random, String context) throws IOException {
		assertThat(this.engine.state()).as(context).isEqualTo(EngineState.RUNNING);
		assertThat(this.engine.triggerMode()).as(context).isEqualTo(TriggerMode.LEVEL);
		assertThat(this.engine.backend()).as(context).isEqualTo(BackendKind.EPOLL);
		assertThat(this.engine.activeConnections()).as(context).isEqualTo(CLIENTS);
		for (EchoClient client : clients) {
			client.echoAndCheck(1 + random.nextInt(32 * 1024));
		}
	}

	private Request generate(Random random) {
		Endpoint endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
		Role role = Role.values()[random.nextInt(Role.values().length)];
		List<String> defects = new ArrayList<>();
		String method = endpoint.method();
		if (random.nextInt(5) == 0) {
			method = pick(random, METHODS);
		}
		if (!method.equals(endpoint.method()) && !method.equals("OPTIONS")
				&& !(method.equals("HEAD") && endpoint.method().equals("GET"))) {
			defects.add("method " + method);
		}
		if (role.compareTo(neededRole(endpoint)) < 0) {
			defects.add("role " + role);
		}
		String path = endpoint.path().replace("{id}", connectionId(random)).replace("{name}", metricName(random));
		StringBuilder target = new StringBuilder(path);
		Map<String, String> headers = new LinkedHashMap<>();
		String authorization = role.authorization(random);
		if (authorization != null) {
			headers.put("Authorization", authorization);
		}
		int pathDefect = random.nextInt(12);
		if (pathDefect == 0) {
			target.append(pick(random, "/%00", "%00", "/..%2f..", "/%2e%2e/x", "//x", ";jsessionid=1", "%5c", "/%25",
					"/x%2fy", "/" + "a".repeat(10_000)));
			defects.add("path");
		}
		appendQuery(random, endpoint, target, defects);
		if (random.nextInt(25) == 0) {
			headers.put("X-Huge", "h".repeat(10_000 + random.nextInt(20_000)));
			defects.add("huge header");
		}
		if (random.nextInt(6) == 0) {
			headers.put("Accept", pick(random, ACCEPTS));
		}
		byte[] body = null;
		// Only these read a body; any other ignores one, so a body there is no defect.
		boolean readsBody = endpoint.path().equals("/api/v1/connections/kill")
				|| endpoint.path().equals("/api/v1/engine/trigger-mode") || endpoint.path().equals("/api/v1/engine/backend")
				|| endpoint.path().equals("/api/v1/engine/drain")
				|| endpoint.path().equals("/api/v1/engine/accept-distribution");
		if (readsBody || random.nextInt(10) == 0) {
			BodyChoice choice = body(random, endpoint);
			body = choice.body();
			String contentType = pick(random, CONTENT_TYPES);
			if (!contentType.isEmpty()) {
				headers.put("Content-Type", contentType);
			}
			if (readsBody && choice.defective()) {
				defects.add("body");
			}
			// An empty body without a Content-Type is no body at all (Spring reads it as none): no content-type
			// defect then, which only matters where the body is optional (a drain).
			boolean noBodyAtAll = body != null && body.length == 0 && contentType.isEmpty();
			if (readsBody && body != null && !noBodyAtAll && !contentType.equals("application/json")
					&& !contentType.equals("application/problem+json")) {
				defects.add("content type " + contentType);
			}
		}
		if (random.nextInt(40) == 0) {
			headers.put("Content-Length", pick(random, "abc", "-1", "99999999999999999999"));
			defects.add("content length");
		}
		// OPTIONS only lists the methods (any user may ask), it runs nothing.
		boolean mustBeRefused = endpoint.kind() != Kind.SAFE && !method.equals("OPTIONS");
		if (mustBeRefused && defects.isEmpty()) {
			// Would be accepted as generated: give it a defect of its own kind, so that it must be refused.
			return generate(random);
		}
		int port = endpoint.api() ? this.apiPort : this.managementPort;
		return new Request(port, method, target.toString(), headers, body, mustBeRefused, String.join(", ", defects));
	}

	private static Role neededRole(Endpoint endpoint) {
		if (!endpoint.api() && endpoint.path().startsWith("/actuator/health")) {
			return Role.ANONYMOUS;
		}
		if (endpoint.path().equals("/api/v1/engine/trigger-mode") || endpoint.path().equals("/api/v1/engine/backend")
				|| endpoint.path().equals("/api/v1/engine/accept-distribution")) {
			return Role.ADMIN;
		}
		return (endpoint.kind() == Kind.MUTATING) ? Role.OPERATOR : Role.VIEWER;
	}

	private static void appendQuery(Random random, Endpoint endpoint, StringBuilder target, List<String> defects) {
		int count = random.nextInt(4);
		char separator = '?';
		for (int i = 0; i < count; i++) {
			String name = (endpoint.parameters().length > 0 && random.nextInt(4) != 0)
					? pick(random, endpoint.parameters()) : pick(random, "x", "limit", "all", "%zz", "a%ffb", "");
			String value;
			int kind = random.nextInt(10);
			if (kind < 4) {
				value = pick(random, JUNK_NUMBERS);
			}
			else if (kind < 8) {
				value = pick(random, JUNK_TEXT);
			}
			else if (kind == 8) {
				value = "v" + pick(random, RAW_INVALID) + "v";
				defects.add("raw character");
			}
			else {
				value = "9".repeat(1 + random.nextInt(9000));
			}
			if (isBadEscape(value) || isBadEscape(name)) {
				defects.add("escape");
			}
			target.append(separator).append(name).append('=').append(value.replace(" ", "%20"));
			separator = '&';
		}
	}

	/** A '%' without two hex digits after it, or an escape of bytes that are no UTF-8 ({@code %ff}). */
	private static boolean isBadEscape(String text) {
		for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
			if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
					|| Character.digit(text.charAt(i + 2), 16) < 0 || Character.digit(text.charAt(i + 1), 16) >= 8) {
				return true;
			}
		}
		return false;
	}

	private record BodyChoice(byte[] body, boolean defective) {
	}

	private static BodyChoice body(Random random, Endpoint endpoint) {
		int kind = random.nextInt(14);
		String text = switch (kind) {
			case 0 -> null;
			case 1 -> "";
			case 2 -> pick(random, " ", "null", "[]", "\"x\"", "42", "true", "{", "}", "{\"mode\":", "{'mode':'edge'}",
					"mode=edge", "<mode>edge</mode>");
			case 3 -> "[".repeat(2000 + random.nextInt(4000)) + "]".repeat(10);
			case 4 -> "{\"remote\":\"" + "9".repeat(1 << 20) + "\"}";
			default -> jsonObject(random, endpoint);
		};
		if (text == null) {
			return new BodyChoice(null, !endpoint.path().equals("/api/v1/engine/drain"));
		}
		// A drain's body is optional: no body, an empty one or a bare JSON literal may well drain.
		boolean optional = endpoint.path().equals("/api/v1/engine/drain") && kind <= 2;
		boolean defective = (kind <= 4 && !optional) || text.contains(INVALID_MARK);
		return new BodyChoice(text.replace(INVALID_MARK, "").getBytes(StandardCharsets.UTF_8), defective);
	}

	/** Marks a member that is invalid for sure; removed before sending. */
	private static final String INVALID_MARK = "\u0000INVALID\u0000";

	private static String jsonObject(Random random, Endpoint endpoint) {
		List<String> members = new ArrayList<>();
		String[] validMembers = switch (endpoint.path()) {
			case "/api/v1/connections/kill" -> new String[] { "\"remote\":\"127.0.0.1\"", "\"minIdleMs\":0",
					"\"minAgeMs\":5", "\"mode\":\"abort\"", "\"dryRun\":false", "\"max\":3", "\"all\":true" };
			case "/api/v1/engine/trigger-mode" -> new String[] { "\"mode\":\"edge\"", "\"mode\":\"ONESHOT\"" };
			case "/api/v1/engine/backend" -> new String[] { "\"backend\":\"poll\"", "\"backend\":\"SELECT\"" };
			case "/api/v1/engine/accept-distribution" -> new String[] { "\"distribution\":\"shared\"",
					"\"distribution\":\"REUSEPORT\"" };
			case "/api/v1/engine/drain" -> new String[] { "\"timeoutMs\":5" };
			default -> new String[] { "\"x\":1" };
		};
		String[] names = switch (endpoint.path()) {
			case "/api/v1/connections/kill" -> new String[] { "remote", "minIdleMs", "minAgeMs", "minBacklogBytes",
					"mode", "dryRun", "max", "all", "minIdelMs", "Remote", "" };
			case "/api/v1/engine/trigger-mode" -> new String[] { "mode", "Mode", "triggerMode" };
			case "/api/v1/engine/backend" -> new String[] { "backend", "Backend", "kind" };
			case "/api/v1/engine/accept-distribution" -> new String[] { "distribution", "Distribution", "mode" };
			case "/api/v1/engine/drain" -> new String[] { "timeoutMs", "timeout" };
			default -> new String[] { "x" };
		};
		int valid = random.nextInt(3);
		for (int i = 0; i < valid; i++) {
			members.add(pick(random, validMembers));
		}
		// At least one member that no endpoint accepts with this value.
		String name = pick(random, names);
		String value = pick(random, "\"\"", "\" \"", "-1", "1.5", "1e400", "99999999999999999999", "\"ten\"", "[]",
				"[1]", "{}", "{\"a\":1}", "\"nicely\"", "\"yes\"", "0", "\"" + "z".repeat(5000) + "\"",
				"\"10.0.0.0/33\"", "\"%00\"", "\"\\u0000\"");
		members.add(INVALID_MARK + "\"" + name + "\":" + value);
		java.util.Collections.shuffle(members, random);
		return "{" + String.join(",", members) + "}";
	}

	private static String connectionId(Random random) {
		return pick(random, "abc", "-1", "0", "1.5", "1e3", "99999999999999999999", "%20", "1%2f2",
				String.valueOf(1_000_000_000_000L + random.nextInt(1_000_000)), "", "..", "%ff");
	}

	private static String metricName(Random random) {
		return pick(random, "gateway.connections.active", "no.such.metric", "%zz", "jvm.memory.used", "a".repeat(300),
				"..");
	}

	@SafeVarargs
	private static <T> T pick(Random random, T... choices) {
		return choices[random.nextInt(choices.length)];
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "...(" + text.length() + " chars)" : text;
	}

}
