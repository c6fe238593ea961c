package dev.epollgateway.engine;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.epollgateway.engine.nativeio.EventFd;

/**
 * The functions other threads post to one {@link EventLoop}, and the {@code eventfd} write that wakes it: at most
 * one write per sleep, since the loop says when it goes to sleep and when it is awake; under shared epoll every
 * post writes, because any thread may be the one handed the wake-up.
 * <p>
 * Threading: {@link #submit} from any thread; the rest by the loop (or, under shared epoll, whoever holds its
 * {@link TurnLock}).
 */
final class LoopCommands {

	private final Queue<Command<?>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean awake = new AtomicBoolean(true);

	private final EventFd wakeup;

	private final boolean signalEveryPost;

	private volatile boolean closed;

	LoopCommands(EventFd wakeup, boolean signalEveryPost) {
		this.wakeup = wakeup;
		this.signalEveryPost = signalEveryPost;
	}

	/**
	 * Posts a function to run on the loop between two batches.
	 * @return its result; completed exceptionally with {@link EngineStateException} when the loop has ended
	 */
	<T> CompletableFuture<T> submit(Function<EventLoop, T> function) {
		Command<T> command = new Command<>(function);
		if (this.closed) {
			command.fail();
			return command.result;
		}
		this.queue.add(command);
		if (this.closed) {
			// The loop ended between the check and the add: nobody else will see the command.
			failPending();
		}
		else if (this.signalEveryPost || !this.awake.getAndSet(true)) {
			this.wakeup.signal();
		}
		return command.result;
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/** The loop is about to sleep: the next post signals. */
	void sleeping() {
		this.awake.set(false);
	}

	/** The loop woke: posts until it sleeps again need not signal. */
	void awake() {
		this.awake.set(true);
	}

	/** Runs every posted function, in order. */
	void runAll(EventLoop loop) {
		Command<?> command;
		while ((command = this.queue.poll()) != null) {
			command.run(loop);
		}
	}

	/** Whether the loop has ended. */
	boolean isClosed() {
		return this.closed;
	}

	/** The loop has ended: what is posted from now on, and what is still queued, fails. */
	void close() {
		this.closed = true;
		failPending();
	}

	private void failPending() {
		Command<?> command;
		while ((command = this.queue.poll()) != null) {
			command.fail();
		}
	}

	/** A function posted to the loop and the future of its result. */
	private static final class Command<T> {

		private final Function<EventLoop, T> function;

		private final CompletableFuture<T> result = new CompletableFuture<>();

		Command(Function<EventLoop, T> function) {
			this.function = function;
		}

		void run(EventLoop loop) {
			try {
				this.result.complete(this.function.apply(loop));
			}
			catch (RuntimeException | Error ex) {
				this.result.completeExceptionally(ex);
			}
		}

		void fail() {
			this.result.completeExceptionally(new EngineStateException(EngineState.STOPPED, "The engine is stopped"));
		}

	}

}
