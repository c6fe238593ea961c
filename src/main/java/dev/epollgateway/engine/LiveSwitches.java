package dev.epollgateway.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.epollgateway.engine.nativeio.Sockets;

/**
 * The live switches of the loops' settings and the state each leaves behind: the trigger mode, the readiness backend
 * and the accept distribution. A getter answers what every loop has applied: a value changes only when its switch
 * completes.
 * <p>
 * Mode switches are posted to every loop at once and complete in order (each loop runs its commands in order).
 * Backend and distribution switches share one queue: a switch of either kind starts when every switch of either kind
 * asked for before it has ended, however it ended, so each checks the other setting as the loops have it then (a
 * backend without {@code EPOLLEXCLUSIVE} is refused while the distribution is {@code exclusive}, and the other way
 * round). A mode other than level is refused while a backend switch is pending, and poll or select while the mode
 * asked for last is not level.
 * <p>
 * Threading: the switch methods are called under the engine's monitor and take this object's; the getters from any
 * thread; the switches' steps run on the loops, their completions on whichever loop answers last.
 */
final class LiveSwitches {

	private final EngineConfig config;

	private final EventPublisher events;

	/** The mode every loop has applied; written only when a switch completes (switches complete in order). */
	private volatile TriggerMode triggerMode;

	/** The mode the loops will be in once every posted mode switch is applied; guarded by this monitor. */
	private TriggerMode requestedMode;

	private volatile ModeSwitch lastModeSwitch;

	private final AtomicLong modeSwitchCount = new AtomicLong();

	/** The backend every loop waits with; written only when a backend switch completes. */
	private volatile BackendKind backend;

	/** Backend switches asked for and not completed; a mode other than level is refused while there are any. */
	private final AtomicInteger pendingBackendSwitches = new AtomicInteger();

	private volatile BackendSwitch lastBackendSwitch;

	private final AtomicLong backendSwitchCount = new AtomicLong();

	/** The distribution every loop has applied; written only when a switch completes. */
	private volatile AcceptDistribution acceptDistribution;

	private final AtomicLong distributionSwitchCount = new AtomicLong();

	/** The last switch asked for, of either kind; guarded by this monitor. */
	private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

	LiveSwitches(EngineConfig config, EventPublisher events) {
		this.config = config;
		this.events = events;
		this.triggerMode = config.triggerMode();
		this.requestedMode = config.triggerMode();
		this.backend = config.backend();
		this.acceptDistribution = config.acceptDistribution();
	}

	TriggerMode triggerMode() {
		return this.triggerMode;
	}

	ModeSwitch lastModeSwitch() {
		return this.lastModeSwitch;
	}

	long modeSwitchCount() {
		return this.modeSwitchCount.get();
	}

	BackendKind backend() {
		return this.backend;
	}

	AcceptDistribution acceptDistribution() {
		return this.acceptDistribution;
	}

	/** Whether a backend switch was asked for and has not ended. */
	boolean backendSwitchPending() {
		return this.pendingBackendSwitches.get() > 0;
	}

	BackendSwitch lastBackendSwitch() {
		return this.lastBackendSwitch;
	}

	long backendSwitchCount() {
		return this.backendSwitchCount.get();
	}

	long distributionSwitchCount() {
		return this.distributionSwitchCount.get();
	}

	/** Posts a mode switch to every loop (see {@link EpollEngine#switchTriggerMode}). */
	synchronized CompletableFuture<ModeSwitch> switchMode(List<EventLoop> all, TriggerMode mode) {
		if (mode != TriggerMode.LEVEL && backendSwitchPending()) {
			// A backend switch still to come was accepted for the level mode; it must find it.
			return CompletableFuture.failedFuture(new UnsupportedSettingException("gateway.engine.trigger-mode="
					+ mode.name().toLowerCase(Locale.ROOT) + " cannot be set while a switch of gateway.engine.backend"
					+ " is under way (only epoll serves it); try again when the switch has finished."));
		}
		BackendKind backend = this.backend;
		if (!backend.supports(mode)) {
			return CompletableFuture.failedFuture(
					new UnsupportedSettingException(Backends.modeRefusal(mode, backend)));
		}
		this.requestedMode = mode;
		return LoopFanOut.onEvery(all, (loop) -> loop.switchMode(mode), (applied) -> {
			// Each loop runs its commands in order, so a switch completes only after the one before it did.
			TriggerMode previous = this.triggerMode;
			int rearmed = 0;
			long slowest = 0;
			for (ModeApplied loop : applied) {
				rearmed += loop.rearmed();
				slowest = Math.max(slowest, loop.nanos());
			}
			ModeSwitch done = new ModeSwitch(previous, mode, rearmed, slowest);
			this.triggerMode = mode;
			this.lastModeSwitch = done;
			this.modeSwitchCount.incrementAndGet();
			this.events.publish(EngineEvent.Type.MODE_SWITCHED, done.describe());
			return done;
		});
	}

	/** Queues a distribution switch (see {@link EpollEngine#switchAcceptDistribution}). */
	synchronized CompletableFuture<AcceptDistributionSwitch> switchDistribution(List<EventLoop> all,
			AcceptDistribution target) {
		if (this.config.topology() == Topology.SHARED_EPOLL) {
			return CompletableFuture.failedFuture(
					new UnsupportedByTopologyException(Backends.sharedEpollRefusal("accept-distribution")));
		}
		CompletableFuture<AcceptDistributionSwitch> result = this.tail.handle((done, failure) -> null)
			.thenCompose((ignored) -> {
				BackendKind live = this.backend;
				if (!target.supportedBy(live)) {
					return CompletableFuture.failedFuture(
							new UnsupportedSettingException(Backends.distributionRefusal(target, live)));
				}
				return distribute(all, target);
			});
		this.tail = result;
		return result;
	}

	/** Queues a backend switch (see {@link EpollEngine#switchBackend}). */
	synchronized CompletableFuture<BackendSwitch> switchBackend(List<EventLoop> all, BackendKind target) {
		if (this.config.topology() == Topology.SHARED_EPOLL) {
			return CompletableFuture.failedFuture(
					new UnsupportedByTopologyException(Backends.sharedEpollRefusal("backend")));
		}
		if (!target.supports(this.requestedMode)) {
			return CompletableFuture.failedFuture(
					new UnsupportedSettingException(Backends.backendRefusal(target, this.requestedMode)));
		}
		this.pendingBackendSwitches.incrementAndGet();
		CompletableFuture<BackendSwitch> result = this.tail.handle((ignored, failure) -> null)
			.thenCompose((ignored) -> moveLoops(all, target))
			.whenComplete((done, failure) -> this.pendingBackendSwitches.decrementAndGet());
		this.tail = result;
		return result;
	}

	/** Applies the configured distribution to loops whose threads have not started (so no command is needed). */
	static void distributeBeforeStart(List<EventLoop> created, AcceptDistribution distribution) {
		int[] duplicates = created.get(0).shareListener(distribution, created.size(),
				distribution.sharesOneSocket() ? created.size() - 1 : 0);
		int handed = 0;
		try {
			for (int i = 1; i < created.size(); i++) {
				int fd = (duplicates.length > 0) ? duplicates[i - 1] : -1;
				handed = i;
				created.get(i).distribute(distribution, fd);
			}
		}
		catch (RuntimeException ex) {
			// The loops own what they took; the duplicates not handed over yet are closed here.
			for (int i = handed; i < duplicates.length; i++) {
				Sockets.close(duplicates[i]);
			}
			throw ex;
		}
	}

	/** One distribution switch: loop 0 steers and duplicates, then the other loops apply it. */
	private CompletableFuture<AcceptDistributionSwitch> distribute(List<EventLoop> all, AcceptDistribution target) {
		long started = System.nanoTime();
		AcceptDistribution previous = this.acceptDistribution;
		int duplicates = (target.sharesOneSocket() && !previous.sharesOneSocket()) ? all.size() - 1 : 0;
		return all.get(0).submit((loop) -> loop.shareListener(target, all.size(), duplicates)).thenCompose((fds) -> {
			List<CompletableFuture<Void>> applied = new ArrayList<>();
			for (int i = 1; i < all.size(); i++) {
				int fd = (fds.length > 0) ? fds[i - 1] : -1;
				applied.add(all.get(i).submit((loop) -> loop.distribute(target, fd)).whenComplete((done, failure) -> {
					if (failure instanceof EngineStateException && fd >= 0) {
						// The loop had ended: the duplicate was never handed over.
						Sockets.close(fd);
					}
				}));
			}
			return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new)).thenApply((ignored) -> {
				AcceptDistributionSwitch done = new AcceptDistributionSwitch(previous, target, all.size(),
						System.nanoTime() - started);
				this.acceptDistribution = target;
				this.distributionSwitchCount.incrementAndGet();
				this.events.publish(EngineEvent.Type.ACCEPT_DISTRIBUTION_SWITCHED, done.describe());
				return done;
			});
		});
	}

	/**
	 * Moves every loop to a backend; runs once every earlier backend or distribution switch has ended, so the
	 * distribution it checks is the one every loop has applied.
	 */
	private CompletableFuture<BackendSwitch> moveLoops(List<EventLoop> all, BackendKind target) {
		BackendKind previous = this.backend;
		if (target == previous) {
			return CompletableFuture.completedFuture(new BackendSwitch(previous, target, 0, 0));
		}
		AcceptDistribution distribution = this.acceptDistribution;
		if (!distribution.supportedBy(target)) {
			return CompletableFuture.failedFuture(
					new UnsupportedSettingException(Backends.backendDistributionRefusal(target, distribution)));
		}
		CompletableFuture<Integer> unwatchable = (target == BackendKind.SELECT)
				? LoopFanOut.onEvery(all, (loop) -> loop.unwatchableBy(target), LiveSwitches::sum)
				: CompletableFuture.completedFuture(0);
		return unwatchable.thenCompose((count) -> {
			String refusal = (target == BackendKind.SELECT) ? Backends.selectRefusal(this.config, count) : null;
			if (refusal != null) {
				return CompletableFuture.failedFuture(new FdSetSizeExceededException(refusal, count));
			}
			List<CompletableFuture<Outcome>> moves = new ArrayList<>();
			for (EventLoop loop : all) {
				moves.add(loop.submit((l) -> l.moveTo(target)).handle(Outcome::new));
			}
			return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new))
				.thenCompose((ignored) -> finishMove(all, previous, target,
						moves.stream().map(CompletableFuture::join).toList()));
		});
	}

	/**
	 * Completes a backend switch once every loop answered: done when all moved; otherwise the loops that moved go back,
	 * and the switch fails.
	 */
	private CompletableFuture<BackendSwitch> finishMove(List<EventLoop> all, BackendKind previous,
			BackendKind target, List<Outcome> outcomes) {
		int moved = 0;
		int unwatchable = 0;
		long slowest = 0;
		Throwable failure = null;
		for (Outcome outcome : outcomes) {
			if (outcome.failure() != null) {
				failure = (failure != null) ? failure : outcome.failure();
				continue;
			}
			moved += outcome.moved().moved();
			unwatchable += outcome.moved().unwatchable();
			slowest = Math.max(slowest, outcome.moved().nanos());
		}
		if (failure == null && unwatchable == 0) {
			BackendSwitch done = new BackendSwitch(previous, target, moved, slowest);
			this.backend = target;
			this.lastBackendSwitch = done;
			this.backendSwitchCount.incrementAndGet();
			this.events.publish(EngineEvent.Type.BACKEND_SWITCHED, done.describe());
			return CompletableFuture.completedFuture(done);
		}
		List<CompletableFuture<BackendMoved>> back = new ArrayList<>();
		for (int i = 0; i < outcomes.size(); i++) {
			BackendMoved done = outcomes.get(i).moved();
			if (done != null && done.backend() == target) {
				back.add(all.get(i).submit((loop) -> loop.moveTo(previous)));
			}
		}
		RuntimeException cause = (failure instanceof RuntimeException runtime) ? runtime
				: (failure != null) ? new IllegalStateException(failure)
						: new FdSetSizeExceededException(Backends.selectRefusal(this.config, unwatchable), unwatchable);
		return CompletableFuture.allOf(back.toArray(CompletableFuture[]::new)).handle((ignored, rollback) -> {
			if (rollback != null) {
				cause.addSuppressed(rollback);
			}
			throw cause;
		});
	}

	/** One loop's answer to a move: what it did, or why it failed. */
	private record Outcome(BackendMoved moved, Throwable failure) {
	}

	private static int sum(List<Integer> counts) {
		return counts.stream().mapToInt(Integer::intValue).sum();
	}

}
