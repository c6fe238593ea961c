package dev.epollgateway.engine;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.epollgateway.engine.query.ConnectionInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that a trigger mode reached the kernel for every connection: through the engine's
 * {@link EpollEngine#interestList()} (its record and its own reading of fdinfo) and, independently, through the
 * test's own parse of {@code /proc/self/fdinfo/<epfd>}.
 */
final class InterestListAssertions {

	private InterestListAssertions() {
	}

	/**
	 * Every one of the {@code expectedConnections} live connections is registered in the kernel with exactly the mode
	 * bits of {@code mode}, with {@code EPOLLIN} armed, and with its connection id as {@code epoll_data}.
	 */
	static void assertKernelHasModeOnEveryConnection(RunningEngine running, TriggerMode mode, int expectedConnections)
			throws IOException {
		InterestList interest = RunningEngine.join(running.engine().interestList());
		assertThat(interest.loops()).hasSize(running.engine().config().loops());
		long registered = 0;
		long inKernel = 0;
		for (InterestList.Loop loop : interest.loops()) {
			assertThat(loop.agrees()).as("loop %d: kernel agrees with the engine (%s vs %s)", loop.loop(),
					loop.kernelByMask(), loop.registeredByMask()).isTrue();
			registered += loop.registeredByMask().values().stream().mapToLong(Long::longValue).sum();
			inKernel += loop.kernelByMask().values().stream().mapToLong(Long::longValue).sum();
			for (String mask : loop.kernelByMask().keySet()) {
				Set<String> bits = Arrays.stream(mask.split("\\|")).map(String::trim).collect(Collectors.toSet());
				assertThat(bits.contains("EPOLLET")).as("loop %d kernel mask %s has EPOLLET", loop.loop(), mask)
					.isEqualTo(mode != TriggerMode.LEVEL);
				assertThat(bits.contains("EPOLLONESHOT")).as("loop %d kernel mask %s has EPOLLONESHOT", loop.loop(), mask)
					.isEqualTo(mode == TriggerMode.ONESHOT);
			}
		}
		assertThat(registered).as("connections the engine registered").isEqualTo(expectedConnections);
		assertThat(inKernel).as("connections the kernel reports").isEqualTo(expectedConnections);

		// Independent check: our own parse of fdinfo, connection by connection.
		Map<Integer, Map<Integer, KernelEpollView.Entry>> kernelByLoop = new HashMap<>();
		for (InterestList.Loop loop : interest.loops()) {
			kernelByLoop.put(loop.loop(), KernelEpollView.read(loop.epfd()));
		}
		List<ConnectionInfo> connections = running.connections();
		assertThat(connections).hasSize(expectedConnections);
		for (ConnectionInfo info : connections) {
			KernelEpollView.Entry entry = kernelByLoop.get(info.loop()).get(info.fd());
			assertThat(entry).as("kernel registration of connection %d (fd %d, loop %d)", info.id(), info.fd(),
					info.loop()).isNotNull();
			assertThat(entry.modeBits()).as("mode bits of %s for connection %d in %s", entry, info.id(), mode)
				.isEqualTo(KernelEpollView.modeBits(mode));
			assertThat(entry.events() & KernelEpollView.EPOLLIN).as("EPOLLIN armed in %s for connection %d", entry,
					info.id()).isNotZero();
			assertThat(entry.data()).as("epoll_data of %s is the connection id", entry).isEqualTo(info.id());
		}
	}

}
