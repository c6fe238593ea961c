package dev.epollgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Reading the loop threads' context switches from {@code /proc/<pid>/task/<tid>/status}. Runs with
 * {@code ./mvnw -Pbench test -Dtest=LoopSwitchesTests} (bench sources only).
 */
class LoopSwitchesTests {

	private static final String STATUS = """
			Name:\tepoll-loop-3
			Umask:\t0022
			State:\tS (sleeping)
			Tgid:\t4242
			voluntary_ctxt_switches:\t1234
			nonvoluntary_ctxt_switches:\t56
			""";

	@Test
	void parsesVoluntaryAndInvoluntarySwitches() {
		LoopSwitches.Switches switches = LoopSwitches.parse(STATUS);
		assertThat(switches.voluntary()).isEqualTo(1234);
		assertThat(switches.involuntary()).isEqualTo(56);
	}

	@Test
	void deltaSumsThreadsPresentInBothReadingsOnly() {
		Map<String, LoopSwitches.Switches> before = Map.of("epoll-loop-0", new LoopSwitches.Switches(10, 1),
				"epoll-loop-1", new LoopSwitches.Switches(20, 2));
		Map<String, LoopSwitches.Switches> after = Map.of("epoll-loop-0", new LoopSwitches.Switches(15, 1),
				"epoll-loop-1", new LoopSwitches.Switches(27, 5), "epoll-loop-2", new LoopSwitches.Switches(100, 100));
		LoopSwitches.Switches delta = LoopSwitches.delta(before, after);
		assertThat(delta.voluntary()).isEqualTo(12);
		assertThat(delta.involuntary()).isEqualTo(3);
	}

	@Test
	void findsTheLoopThreadsOfThisProcessByName() throws Exception {
		Thread loop = new Thread(() -> {
			try {
				Thread.sleep(10_000);
			}
			catch (InterruptedException ex) {
				// ended by the test
			}
		}, LoopSwitches.LOOP_THREAD_PREFIX + "7");
		loop.start();
		try {
			// the JVM names the native thread shortly after start
			Map<String, LoopSwitches.Switches> loops = Map.of();
			for (int i = 0; i < 100 && loops.isEmpty(); i++) {
				Thread.sleep(10);
				loops = LoopSwitches.of(ProcessHandle.current().pid());
			}
			assertThat(loops).containsOnlyKeys("epoll-loop-7");
			assertThat(loops.get("epoll-loop-7").voluntary()).isPositive();
		}
		finally {
			loop.interrupt();
			loop.join();
		}
	}

}
