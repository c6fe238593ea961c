package dev.epollgateway.admin;

import java.security.Principal;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.epollgateway.engine.query.ConnectionFilter;
import dev.epollgateway.engine.query.ConnectionInfo;
import dev.epollgateway.engine.query.ConnectionQuery;
import dev.epollgateway.engine.query.ConnectionSort;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.query.KillMode;
import dev.epollgateway.engine.query.KillResult;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists, shows and kills connections. Listing and killing share one filter grammar ({@code remote},
 * {@code minIdleMs}, {@code minAgeMs}, {@code minBacklogBytes}, all AND-combined), as Valkey's {@code CLIENT LIST}
 * and {@code CLIENT KILL} do. Every snapshot is built on the loop threads, bounded by the page size. Kills are
 * logged with the user who asked (an audit trail).
 */
@RestController
@RequestMapping("/api/v1/connections")
@Tag(name = "Connections", description = "List and kill the echo engine's connections")
public class ConnectionsController {

	private static final AuditLog audit = new AuditLog();

	private final EpollEngine engine;

	private final EngineCalls calls;

	public ConnectionsController(EpollEngine engine, EngineCalls calls) {
		this.engine = engine;
		this.calls = calls;
	}

	@GetMapping
	@Operation(summary = "One page of connections, filtered and sorted; follow nextCursor for the next")
	public ConnectionListView list(
			@Parameter(description = "Page size, 1 to 1000 (default 100)") @RequestParam(required = false) String limit,
			@Parameter(description = "The nextCursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "id, ageMs, idleMs, bytesIn, bytesOut or writeBacklogBytes; '-' prefix for"
					+ " descending") @RequestParam(required = false) String sort,
			@Parameter(description = "IP address or CIDR block of the peer") @RequestParam(required = false) String remote,
			@RequestParam(required = false) String minIdleMs, @RequestParam(required = false) String minAgeMs,
			@RequestParam(required = false) String minBacklogBytes) {
		int pageSize = Parameters.limit(limit);
		ConnectionSort order = Parameters.sort(sort);
		ConnectionFilter filter = new ConnectionFilter(Parameters.remote(remote),
				Parameters.nonNegative("minIdleMs", minIdleMs), Parameters.nonNegative("minAgeMs", minAgeMs),
				Parameters.nonNegative("minBacklogBytes", minBacklogBytes));
		ConnectionQuery query = new ConnectionQuery(filter, order, pageSize, Parameters.cursor(cursor, order));
		return ConnectionListView.of(this.calls.await(this.engine.connections(query), "listing connections"));
	}

	@GetMapping("/{id}")
	@Operation(summary = "One connection")
	public ConnectionView get(@PathVariable String id) {
		long connectionId = Parameters.connectionId(id);
		ConnectionInfo info = this.calls.await(this.engine.connection(connectionId), "reading connection " + id)
			.orElseThrow(() -> notFound(connectionId));
		return ConnectionView.of(info);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Kill one connection: graceful (202) flushes its backlog then closes, abort (204) resets it")
	public ResponseEntity<Map<String, Object>> kill(@PathVariable String id,
			@Parameter(description = "graceful (default) or abort") @RequestParam(required = false) String mode,
			@Parameter(hidden = true) Principal user) {
		long connectionId = Parameters.connectionId(id);
		KillMode killMode = Parameters.killMode(mode);
		boolean killed = this.calls.await(this.engine.kill(connectionId, killMode), "killing connection " + id);
		if (!killed) {
			throw notFound(connectionId);
		}
		audit.record(user, "kill-connection", "connection " + connectionId, "killed (" + killMode + ")",
				"killed connection " + connectionId + " (" + killMode + ")");
		if (killMode == KillMode.ABORT) {
			return ResponseEntity.noContent().build();
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", connectionId, "mode", "graceful"));
	}

	@PostMapping("/kill")
	@Operation(summary = "Kill the connections matching the listing's filters, at most max of them; at least one"
			+ " filter, or \"all\": true, is required")
	public KillResultView killMatching(@RequestBody(required = false) KillRequest request,
			@Parameter(hidden = true) Principal user) {
		KillRequest body = KillTargets.checked(request);
		ConnectionFilter filter = body.targetsAll() ? ConnectionFilter.ALL
				: new ConnectionFilter(Parameters.remote(body.remote()),
						Parameters.nonNegative("minIdleMs", body.minIdleMs()),
						Parameters.nonNegative("minAgeMs", body.minAgeMs()),
						Parameters.nonNegative("minBacklogBytes", body.minBacklogBytes()));
		KillMode killMode = Parameters.killMode(body.mode());
		long max = Parameters.max(body.max());
		boolean dryRun = Boolean.TRUE.equals(body.dryRun());
		KillResult result = this.calls.await(this.engine.kill(filter, killMode, max, dryRun), "killing connections");
		if (!dryRun) {
			String target = body.targetsAll() ? "all" : String.valueOf(filter);
			audit.record(user, "kill-matching", target,
					result.killed() + " of " + result.matched() + " killed (" + killMode + ")", "killed "
							+ result.killed() + " of " + result.matched() + " matching connections (" + killMode + ", "
							+ target + ")");
		}
		return new KillResultView(result.matched(), result.killed(), result.dryRun());
	}

	private static ApiException notFound(long id) {
		return new ApiException(HttpStatus.NOT_FOUND, ProblemCode.CONNECTION_NOT_FOUND,
				"No open connection with id " + id, Map.of("id", id), null);
	}

}
