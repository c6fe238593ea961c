package dev.epollgateway.admin;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.epollgateway.config.StartupFailures;
import dev.epollgateway.engine.ThreadScheduling;
import dev.epollgateway.engine.nativeio.OnNewThread;
import dev.epollgateway.engine.nativeio.ProcThreads;
import dev.epollgateway.engine.nativeio.ThreadPriority;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WorkerPriority} on threads of its own, and for the {@code gateway.admin.worker-nice} and
 * {@code gateway.admin.worker-policy} properties.
 * {@code WorkerPriorityIntegrationTests} and {@code WorkerPolicyIdleIntegrationTests} check the service's real HTTP
 * threads.
 */
class WorkerPriorityTests {

	@Test
	void raisesTheNiceValueOfEachThreadOnceAndLeavesOthersAlone() throws Exception {
		WorkerPriority priority = new WorkerPriority(6, WorkerPolicy.NORMAL);
		int callerNice = ProcThreads.nice(ThreadScheduling.currentThreadId());
		assertThat(OnNewThread.call("worker-priority-test", () -> {
			assertThat(priority.applyToCurrentThread()).isTrue();
			assertThat(priority.applyToCurrentThread()).isTrue();
			return ProcThreads.nice(ThreadScheduling.currentThreadId());
		})).isEqualTo(6);
		assertThat(ProcThreads.nice(ThreadScheduling.currentThreadId())).isEqualTo(callerNice);
	}

	@Test
	void neverLowersTheNiceValueOfAThreadAlreadyAbove() throws Exception {
		WorkerPriority priority = new WorkerPriority(4, WorkerPolicy.NORMAL);
		assertThat(OnNewThread.call("worker-priority-test", () -> {
			try {
				ThreadPriority.setCurrentThreadNice(9);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			assertThat(priority.applyToCurrentThread()).isTrue();
			return ProcThreads.nice(ThreadScheduling.currentThreadId());
		})).isEqualTo(9);
	}

	@Test
	void zeroLeavesTheThreadAtItsPriority() throws Exception {
		WorkerPriority priority = new WorkerPriority(0, WorkerPolicy.NORMAL);
		AtomicInteger before = new AtomicInteger();
		assertThat(OnNewThread.call("worker-priority-test", () -> {
			before.set(ProcThreads.nice(ThreadScheduling.currentThreadId()));
			assertThat(priority.applyToCurrentThread()).isTrue();
			return ProcThreads.nice(ThreadScheduling.currentThreadId());
		})).isEqualTo(before.get());
	}

	@Test
	void theIdlePolicyMovesEachThreadToSchedIdleAndLeavesItsNiceValue() throws Exception {
		WorkerPriority priority = new WorkerPriority(10, WorkerPolicy.IDLE);
		AtomicInteger niceBefore = new AtomicInteger();
		AtomicInteger niceAfter = new AtomicInteger();
		assertThat(OnNewThread.call("worker-priority-test", () -> {
			int tid = ThreadScheduling.currentThreadId();
			niceBefore.set(ProcThreads.nice(tid));
			assertThat(priority.applyToCurrentThread()).isTrue();
			assertThat(priority.applyToCurrentThread()).isTrue();
			niceAfter.set(ProcThreads.nice(tid));
			return ProcThreads.policy(tid);
		})).isEqualTo(5);
		assertThat(niceAfter.get()).isEqualTo(niceBefore.get());
		assertThat(ProcThreads.policy(ThreadScheduling.currentThreadId())).isZero();
	}

	@Test
	void refusesValuesOutsideZeroToNineteen() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkerPriority(20, WorkerPolicy.NORMAL))
			.withMessageContaining("0 to 19");
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkerPriority(-1, WorkerPolicy.NORMAL));
	}

	@Test
	void thePropertiesDefaultToTenAndNormalAndABadValueFailsTheStartNamingIt() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
					ValidationAutoConfiguration.class))
			.withUserConfiguration(PropertiesConfiguration.class);
		runner.run((context) -> assertThat(context.getBean(AdminProperties.class).workerNice()).isEqualTo(10));
		runner.withPropertyValues("gateway.admin.worker-nice=0")
			.run((context) -> assertThat(context.getBean(AdminProperties.class).workerNice()).isZero());
		runner.run((context) -> assertThat(context.getBean(AdminProperties.class).workerPolicy())
			.isEqualTo(WorkerPolicy.NORMAL));
		runner.withPropertyValues("gateway.admin.worker-policy=idle")
			.run((context) -> assertThat(context.getBean(AdminProperties.class).workerPolicy())
				.isEqualTo(WorkerPolicy.IDLE));
		runner.withPropertyValues("gateway.admin.worker-policy=lazy").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(StartupFailures.fullMessage(context.getStartupFailure())).contains("gateway.admin.worker-policy")
				.contains("lazy");
		});
		for (String bad : new String[] { "20", "-1" }) {
			runner.withPropertyValues("gateway.admin.worker-nice=" + bad).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(StartupFailures.fullMessage(context.getStartupFailure()))
					.contains("gateway.admin.worker-nice");
			});
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AdminProperties.class)
	static class PropertiesConfiguration {

	}

}
