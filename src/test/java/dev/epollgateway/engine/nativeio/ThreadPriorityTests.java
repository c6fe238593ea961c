package dev.epollgateway.engine.nativeio;

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
		int[] seen = OnNewThread.call("nice-test", () -> {
			ThreadPriority.setCurrentThreadNice(13);
			int tid = ThreadPriority.currentThreadId();
			return new int[] { tid, ProcThreads.nice(tid), ThreadPriority.currentThreadNice() };
		});
		assertThat(seen[0]).isNotEqualTo(testThread);
		assertThat(seen[1]).as("nice in /proc/self/task/%d/stat", seen[0]).isEqualTo(13);
		assertThat(seen[2]).as("getpriority").isEqualTo(13);
		assertThat(ProcThreads.nice(testThread)).isEqualTo(before);
		assertThat(ThreadPriority.currentThreadNice()).isEqualTo(before);
	}

	@Test
	void movesTheCallingThreadOnlyToTheIdlePolicy() throws Exception {
		int testThread = ThreadPriority.currentThreadId();
		int[] seen = OnNewThread.call("idle-test", () -> {
			boolean idleBefore = ThreadPriority.currentThreadIdle();
			ThreadPriority.setCurrentThreadIdle();
			int tid = ThreadPriority.currentThreadId();
			return new int[] { tid, idleBefore ? 1 : 0, ProcThreads.policy(tid),
					ThreadPriority.currentThreadIdle() ? 1 : 0 };
		});
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
