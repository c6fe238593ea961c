package dev.epollgateway.admin;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.epollgateway.engine.AcceptDistribution;
import dev.epollgateway.engine.AcceptDistributionSwitch;
import dev.epollgateway.engine.BackendKind;
import dev.epollgateway.engine.BackendSwitch;
import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.ModeSwitch;
import dev.epollgateway.engine.TriggerMode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The engine as a whole: its state and settings, the live trigger-mode, readiness-backend and accept-distribution
 * switches, pausing and resuming the accept path, and draining. Every change is logged with the user who asked (an
 * audit trail).
 */
@RestController
@RequestMapping("/api/v1/engine")
@Tag(name = "Engine",
		description = "State, trigger mode, readiness backend, accept distribution, pause, resume and drain")
public class EngineController {

	private static final Log logger = LogFactory.getLog(EngineController.class);

	private static final AuditLog audit = new AuditLog();

	private final EpollEngine engine;

	private final EngineCalls calls;

	public EngineController(EpollEngine engine, EngineCalls calls) {
		this.engine = engine;
		this.calls = calls;
	}

	@GetMapping
	@Operation(summary = "State, trigger mode, settings and open connections (the drain's progress while draining)")
	public EngineView engine() {
		EngineConfig config = this.engine.config();
		InetSocketAddress address = this.engine.localAddress();
		return new EngineView(this.engine.state().name(), this.engine.triggerMode().name(), config.loops(),
				config.host(), (address != null) ? address.getPort() : config.port(), config.maxConnections(),
				config.idleTimeout().toMillis(), this.engine.activeConnections(), this.engine.drainDeadline(),
				this.engine.backend().name(), this.engine.acceptDistribution().name(), config.topology().name());
	}

	@PutMapping("/trigger-mode")
	@Operation(summary = "Switch every live and later connection to level, edge or oneshot triggering")
	public ModeSwitchView switchTriggerMode(@RequestBody(required = false) TriggerModeRequest request,
			@Parameter(hidden = true) Principal user) {
		TriggerMode mode = Parameters.triggerMode((request != null) ? request.mode() : null);
		ModeSwitch result = this.calls.await(this.engine.switchTriggerMode(mode), "switching the trigger mode");
		audit.record(user, "switch-trigger-mode", "engine", result.previous() + " -> " + result.current(),
				"switched the trigger mode " + result.describe());
		return ModeSwitchView.of(result);
	}

	@PutMapping("/backend")
	@Operation(summary = "Move every loop and connection to the epoll, poll or select readiness backend, live",
			description = "Each loop moves between two batches; data waiting at that moment is echoed. 409 "
					+ "UNSUPPORTED_BY_TOPOLOGY under the shared-epoll topology, "
					+ "UNSUPPORTED_BY_BACKEND for poll or select in edge or oneshot or with the accept distribution "
					+ "exclusive, 409 FD_SETSIZE_EXCEEDED for select "
					+ "with an fd at or above 1024 open or a max-connections it cannot serve; nothing changes then.")
	public BackendSwitchView switchBackend(@RequestBody(required = false) BackendRequest request,
			@Parameter(hidden = true) Principal user) {
		BackendKind backend = Parameters.backend((request != null) ? request.backend() : null);
		BackendSwitch result = this.calls.await(this.engine.switchBackend(backend), "switching the readiness backend");
		audit.record(user, "switch-backend", "engine", result.previous() + " -> " + result.current(),
				"switched the readiness backend " + result.describe());
		return BackendSwitchView.of(result);
	}

	@PutMapping("/accept-distribution")
	@Operation(summary = "Switch how the loops share the listening port (reuseport, shared or exclusive) without"
			+ " dropping a connection")
	public AcceptDistributionView switchAcceptDistribution(
			@RequestBody(required = false) AcceptDistributionRequest request,
			@Parameter(hidden = true) Principal user) {
		AcceptDistribution distribution = Parameters
			.acceptDistribution((request != null) ? request.distribution() : null);
		AcceptDistributionSwitch result = this.calls.await(this.engine.switchAcceptDistribution(distribution),
				"switching the accept distribution");
		audit.record(user, "switch-accept-distribution", "engine", result.previous() + " -> " + result.current(),
				"switched the accept distribution " + result.describe());
		return AcceptDistributionView.of(result);
	}

	@PostMapping("/pause")
	@Operation(summary = "Stop accepting; open connections keep echoing")
	public EngineView pause(@Parameter(hidden = true) Principal user) {
		this.calls.await(this.engine.pauseAccepting(), "pausing accepting");
		audit.record(user, "pause", "engine", "paused", "paused accepting");
		return engine();
	}

	@PostMapping("/resume")
	@Operation(summary = "Accept again after a pause")
	public EngineView resume(@Parameter(hidden = true) Principal user) {
		this.calls.await(this.engine.resumeAccepting(), "resuming accepting");
		audit.record(user, "resume", "engine", "resumed", "resumed accepting");
		return engine();
	}

	@PostMapping("/drain")
	@Operation(summary = "Close the listeners, flush and close every connection; 202, GET /engine shows progress")
	public ResponseEntity<EngineView> drain(@RequestBody(required = false) DrainRequest request,
			@Parameter(hidden = true) Principal user) {
		Duration timeout = (request != null && request.timeoutMs() != null)
				? Duration.ofMillis(Parameters.nonNegative("timeoutMs", request.timeoutMs()))
				: this.engine.config().drainTimeout();
		audit.record(user, "drain", "engine", "started",
				"started a drain (timeout " + timeout.toMillis() + " ms)");
		this.engine.drain(timeout).whenComplete((done, failure) -> {
			if (failure != null) {
				logger.warn("Drain requested through the admin API failed", failure);
			}
			else {
				logger.info("Drain requested through the admin API finished: the engine is stopped");
			}
		});
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/engine")).body(engine());
	}

}
