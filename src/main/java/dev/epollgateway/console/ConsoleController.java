package dev.epollgateway.console;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.epollgateway.admin.EngineCalls;
import dev.epollgateway.engine.EngineStatistics;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.InterestList;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What the console needs beyond the admin API: who is signed in, the statistics history and its live stream, and
 * the interest lists (engine and kernel). {@code /console} leads to the page at {@code /}.
 */
@RestController
@Tag(name = "Console", description = "The live web console's data: the signed-in user, statistics history and stream")
public class ConsoleController {

	private final StatisticsSampler sampler;

	private final StatisticsStream stream;

	private final EpollEngine engine;

	private final EngineCalls calls;

	public ConsoleController(StatisticsSampler sampler, StatisticsStream stream, EpollEngine engine,
			EngineCalls calls) {
		this.sampler = sampler;
		this.stream = stream;
		this.engine = engine;
		this.calls = calls;
	}

	/**
	 * The page at {@code /}, by a relative redirect so that it also works behind a proxy's sub-path.
	 */
	@GetMapping("/console")
	@Hidden
	public ResponseEntity<Void> console() {
		return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, "./").build();
	}

	@GetMapping("/api/v1/me")
	@Operation(summary = "Who is signed in, with which role (the highest of VIEWER, OPERATOR, ADMIN)")
	public MeView me(Authentication authentication) {
		List<String> roles = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring("ROLE_".length()))
			.toList();
		return MeView.of(authentication.getName(), roles);
	}

	@GetMapping("/api/v1/statistics")
	@Operation(summary = "The sampler's history: one sample per interval, oldest first")
	public Map<String, Object> statistics() {
		return history();
	}

	@GetMapping(path = "/api/v1/statistics/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Server-sent events: one 'history' event (every sample kept), then one 'sample' per interval")
	public SseEmitter statisticsStream() {
		return this.stream.subscribe(this::history);
	}

	@GetMapping("/api/v1/interest-list")
	@Operation(summary = "Each loop's interest list by mask, as the engine recorded it and as the kernel reports it")
	public InterestList interestList() {
		return this.calls.await(this.engine.interestList(), "read the interest list");
	}

	private Map<String, Object> history() {
		EngineStatistics now = this.engine.statistics();
		Map<String, Object> history = new LinkedHashMap<>();
		history.put("intervalMs", this.sampler.interval().toMillis());
		history.put("capacity", this.sampler.capacity());
		history.put("startedAt", ManagementFactory.getRuntimeMXBean().getStartTime());
		history.put("eventsPerWakeupBuckets", now.readyList()
			.eventsPerWakeup()
			.stream()
			.map((bucket) -> (bucket.upTo() == Long.MAX_VALUE) ? "+Inf" : Long.toString(bucket.upTo()))
			.toList());
		history.put("samples", this.sampler.history());
		return history;
	}

}
