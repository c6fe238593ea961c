package dev.epollgateway.engine;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.nativeio.Epoll;
import dev.epollgateway.engine.nativeio.EventFd;
import dev.epollgateway.engine.nativeio.NativeIoException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poll backend on real eventfds (each registered with its position as data): the order it hands ready entries
 * over and keeps its array in, a batch's closes and accepts, and when it polls without blocking first.
 */
class PollBackendTests {

	private final List<EventFd> eventFds = new ArrayList<>();

	private final PollBackend backend = new PollBackend(4);

	@AfterEach
	void close() {
		this.backend.close();
		this.eventFds.forEach(EventFd::close);
	}

	@Test
	void handsReadyEntriesOverFromTheBackAndMovesThemThereSoTheNextScanStopsEarly() throws Exception {
		register(6);
		signal(1, 3);
		assertThat(this.backend.wait(0)).isEqualTo(2);
		List<Long> handed = new ArrayList<>();
		assertThat(this.backend.dispatch(2, (events, data) -> handed.add(data))).as("scanned").isEqualTo(5);
		assertThat(handed).containsExactly(3L, 1L);
		// eventfds stay readable until reset: the same two are ready, now the last two entries
		assertThat(this.backend.wait(0)).isEqualTo(2);
		handed.clear();
		assertThat(this.backend.dispatch(2, (events, data) -> handed.add(data))).as("scanned").isEqualTo(2);
		assertThat(handed).containsExactly(3L, 1L);
	}

	@Test
	void keepsEachFdsIndexThroughTheMovesSoModifyAndRemoveFindTheirEntry() throws Exception {
		register(5);
		signal(0, 2);
		this.backend.wait(0);
		this.backend.dispatch(2, (events, data) -> {
		});
		assertThat(this.backend.modify(fd(0), Epoll.EPOLLIN, 10)).isZero();
		this.backend.remove(fd(2));
		assertThat(this.backend.watched()).isEqualTo(4);
		signal(4);
		assertThat(this.backend.wait(0)).as("0 and 4").isEqualTo(2);
		List<Long> handed = new ArrayList<>();
		this.backend.dispatch(2, (events, data) -> handed.add(data));
		assertThat(handed).containsExactlyInAnyOrder(10L, 4L);
		assertThat(this.backend.add(fd(2), Epoll.EPOLLIN, 2)).as("removed, so added anew").isZero();
	}

	@Test
	void aHandlerThatClosesItsConnectionInTheBatchCostsNoOtherEntryItsTurn() throws Exception {
		register(6);
		signal(0, 1, 2, 3, 4, 5);
		assertThat(this.backend.wait(0)).isEqualTo(6);
		List<Long> handed = new ArrayList<>();
		this.backend.dispatch(6, (events, data) -> {
			handed.add(data);
			if (data == 4 || data == 1) {
				this.backend.removeClosing(fd((int) data));
			}
		});
		assertThat(handed).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L);
		assertThat(this.backend.watched()).isEqualTo(4);
		assertThat(this.backend.wait(0)).isEqualTo(4);
		handed.clear();
		this.backend.dispatch(4, (events, data) -> handed.add(data));
		assertThat(handed).containsExactlyInAnyOrder(0L, 2L, 3L, 5L);
	}

	@Test
	void aConnectionAcceptedInTheBatchWaitsForTheNextWait() throws Exception {
		register(4);
		EventFd accepted = newEventFd();
		accepted.signal();
		signal(0, 2);
		this.backend.wait(0);
		List<Long> handed = new ArrayList<>();
		this.backend.dispatch(2, (events, data) -> {
			handed.add(data);
			if (data == 2) {
				this.backend.add(accepted.fd(), Epoll.EPOLLIN, 9);
			}
		});
		assertThat(handed).containsExactly(2L, 0L);
		assertThat(this.backend.wait(0)).isEqualTo(3);
		handed.clear();
		this.backend.dispatch(3, (events, data) -> handed.add(data));
		assertThat(handed).containsExactlyInAnyOrder(0L, 2L, 9L);
	}

	@Test
	void whileBusyALargeArrayIsPolledWithoutBlockingFirstAndTwiceOnlyWhenThatFindsNothing() throws Exception {
		int entries = PollBackend.NONBLOCKING_FIRST_FROM;
		register(entries);
		assertThat(this.backend.wait(10)).as("timed out").isZero();
		assertThat(this.backend.handedLastWait()).as("idle: one blocking call").isEqualTo(entries);
		signal(7);
		assertThat(this.backend.wait(1000)).isEqualTo(1);
		assertThat(this.backend.handedLastWait()).isEqualTo(entries);
		assertThat(this.backend.wait(1000)).as("still readable").isEqualTo(1);
		assertThat(this.backend.handedLastWait()).as("busy: found by the non-blocking call").isEqualTo(entries);
		this.eventFds.get(7).reset();
		assertThat(this.backend.wait(10)).isZero();
		assertThat(this.backend.handedLastWait()).as("busy, nothing found: polled again with the timeout")
			.isEqualTo(2 * entries);
		assertThat(this.backend.wait(10)).isZero();
		assertThat(this.backend.handedLastWait()).as("idle again").isEqualTo(entries);
	}

	@Test
	void afterANonBlockingCallInVainTheNextCallBlocksAtOnce() throws Exception {
		int entries = PollBackend.NONBLOCKING_FIRST_FROM;
		register(entries);
		signal(7);
		assertThat(this.backend.wait(1000)).isEqualTo(1);
		this.eventFds.get(7).reset();
		Thread late = new Thread(() -> {
			sleepQuietly(50);
			signal(7);
		});
		late.start();
		assertThat(this.backend.wait(5000)).as("woken by the late signal").isEqualTo(1);
		late.join();
		assertThat(this.backend.handedLastWait()).as("in vain, then blocked").isEqualTo(2 * entries);
		this.eventFds.get(7).reset();
		assertThat(this.backend.wait(10)).isZero();
		assertThat(this.backend.handedLastWait()).as("no non-blocking call right after one in vain")
			.isEqualTo(entries);
	}

	@Test
	void aSmallArrayIsPolledOnceEvenWhileBusy() throws Exception {
		register(3);
		signal(1);
		this.backend.wait(1000);
		this.eventFds.get(1).reset();
		assertThat(this.backend.wait(10)).isZero();
		assertThat(this.backend.handedLastWait()).isEqualTo(3);
	}

	private void register(int count) throws NativeIoException {
		for (int i = 0; i < count; i++) {
			assertThat(this.backend.add(newEventFd().fd(), Epoll.EPOLLIN, i)).isZero();
		}
	}

	private EventFd newEventFd() throws NativeIoException {
		EventFd eventFd = new EventFd();
		this.eventFds.add(eventFd);
		return eventFd;
	}

	private void signal(int... positions) {
		for (int position : positions) {
			this.eventFds.get(position).signal();
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private int fd(int position) {
		return this.eventFds.get(position).fd();
	}

}
