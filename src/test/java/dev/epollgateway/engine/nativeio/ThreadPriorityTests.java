package dev.epollgateway.engine.nativeio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ThreadPriority}: the nice value lands on the calling thread only, as the kernel reports it.
 */
class ThreadPriorityTests {

	@Test
	void raisesTheNiceValueOfTheCallingThreadOnly() throws Exception {
		int testThread = ThreadPriority.currentThreadId();
		int before = ProcThreads.nice(testThread);
		CompletableFuture<int[]> niced = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				ThreadPriority.setCurrentThreadNice(13);
				int tid = ThreadPriority.currentThreadId();
				niced.complete(new int[] { tid, ProcThreads.nice(tid), ThreadPriority.currentThreadNice() });
			}
			catch (Throwable ex) {
				niced.completeExceptionally(ex);
			}
		}, "nice-test");
		thread.start();
		int[] seen = niced.get(10, TimeUnit.SECONDS);
		thread.join();
		assertThat(seen[0]).isNotEqualTo(testThread);
		assertThat(seen[1]).as("nice in /proc/self/task/%d/stat", seen[0]).isEqualTo(13);
		assertThat(seen[2]).as("getpriority").isEqualTo(13);
		assertThat(ProcThreads.nice(testThread)).isEqualTo(before);
		assertThat(ThreadPriority.currentThreadNice()).isEqualTo(before);
	}

	@Test
	void movesTheCallingThreadOnlyToTheIdlePolicy() throws Exception {
		int testThread = ThreadPriority.currentThreadId();
		CompletableFuture<int[]> idled = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				boolean idleBefore = ThreadPriority.currentThreadIdle();
				ThreadPriority.setCurrentThreadIdle();
				int tid = ThreadPriority.currentThreadId();
				idled.complete(new int[] { tid, idleBefore ? 1 : 0, ProcThreads.policy(tid),
						ThreadPriority.currentThreadIdle() ? 1 : 0 });
			}
			catch (Throwable ex) {
				idled.completeExceptionally(ex);
			}
		}, "idle-test");
		thread.start();
		int[] seen = idled.get(10, TimeUnit.SECONDS);
		thread.join();
		assertThat(seen[1]).as("idle before").isZero();
		assertThat(seen[2]).as("policy in /proc/self/task/%d/stat", seen[0]).isEqualTo(5);
		assertThat(seen[3]).as("sched_getscheduler says idle").isOne();
		assertThat(ProcThreads.policy(testThread)).isZero();
		assertThat(ThreadPriority.currentThreadIdle()).isFalse();
	}

	@Test
	void threadIdIsTheKernelsTaskId() {
		assertThat(ProcThreads.names()).containsKey(ThreadPriority.currentThreadId());
	}

	@Test
	void refusesValuesOutsideZeroToNineteen() {
		assertThatIllegalArgumentException().isThrownBy(() -> ThreadPriority.setCurrentThreadNice(-1))
			.withMessageContaining("0 to 19");
		assertThatIllegalArgumentException().isThrownBy(() -> ThreadPriority.setCurrentThreadNice(20));
	}

}
