package dev.epollgateway.engine.nativeio;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a body on a thread of its own and answers its result: for tests of per-thread kernel attributes (nice value,
 * scheduling policy), which must not touch the test's own thread. What the body throws, an assertion included, is
 * thrown to the caller wrapped in an {@code ExecutionException}.
 */
public final class OnNewThread {

	private OnNewThread() {
	}

	public static <T> T call(String name, Callable<T> body) throws Exception {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(body.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, name);
		thread.start();
		T value = result.get(10, TimeUnit.SECONDS);
		thread.join(10_000);
		return value;
	}

}
