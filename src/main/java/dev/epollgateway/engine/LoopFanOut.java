package dev.epollgateway.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * "On every loop, then combine": one command or one future per loop, their answers combined in loop order once all
 * have answered. Stateless; any thread (the commands themselves run on the loops), and {@link #allAnswerWithin}
 * blocks its caller, so never on a loop thread.
 */
final class LoopFanOut {

	private LoopFanOut() {
	}

	/** Runs a command on every loop, between two of its batches, and combines the answers. */
	static <T, R> CompletableFuture<R> onEvery(List<EventLoop> loops, Function<EventLoop, T> command,
			Function<List<T>, R> combine) {
		return across(loops, (loop) -> loop.submit(command), combine);
	}

	/** Runs a command on every loop; completes when every loop has run it. */
	static CompletableFuture<Void> onAll(List<EventLoop> loops, Function<EventLoop, ?> command) {
		return onEvery(loops, command, (all) -> null);
	}

	/** Whether every loop answers a no-op command within the timeout: each is alive and turning. */
	static boolean allAnswerWithin(List<EventLoop> loops, Duration timeout) {
		try {
			onEvery(loops, (loop) -> Boolean.TRUE, (all) -> all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	/** Starts one future per loop and combines their results once all have completed. */
	static <T, R> CompletableFuture<R> across(List<EventLoop> loops, Function<EventLoop, CompletableFuture<T>> perLoop,
			Function<List<T>, R> combine) {
		List<CompletableFuture<T>> futures = new ArrayList<>(loops.size());
		for (EventLoop loop : loops) {
			futures.add(perLoop.apply(loop));
		}
		return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> combine.apply(futures.stream().map(CompletableFuture::join).toList()));
	}

}
