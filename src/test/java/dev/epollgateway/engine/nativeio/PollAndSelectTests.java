package dev.epollgateway.engine.nativeio;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code poll(2)} and {@code select(2)} on real eventfds: the {@code struct pollfd} and {@code fd_set} layouts are
 * what the kernel reads and writes, and the pollfd array stays compact as entries come and go.
 */
class PollAndSelectTests {

	@Test
	void pollReportsOnlyTheSignalledEventfdAtItsEntry() throws Exception {
		try (EventFd quiet = new EventFd(); EventFd signalled = new EventFd(); PollFdArray fds = new PollFdArray(1)) {
			fds.add(quiet.fd(), Poll.POLLIN);
			fds.add(signalled.fd(), Poll.POLLIN);
			assertThat(fds.capacity()).as("grown from 1").isGreaterThanOrEqualTo(2);
			assertThat(Poll.wait(fds, 0)).isZero();
			signalled.signal();
			assertThat(Poll.wait(fds, 1000)).isEqualTo(1);
			assertThat(fds.revents(0)).isZero();
			assertThat(fds.revents(1)).isEqualTo(Poll.POLLIN);
			assertThat(fds.fd(1)).isEqualTo(signalled.fd());
			assertThat(fds.events(1)).isEqualTo(Poll.POLLIN);
		}
	}

	@Test
	void swapRemoveMovesTheLastEntryIntoTheHoleWithItsEvents() throws Exception {
		List<EventFd> eventFds = new ArrayList<>();
		try (PollFdArray fds = new PollFdArray(2)) {
			for (int i = 0; i < 5; i++) {
				EventFd eventFd = new EventFd();
				eventFds.add(eventFd);
				fds.add(eventFd.fd(), (i == 4) ? Poll.POLLIN | Poll.POLLOUT : Poll.POLLIN);
			}
			assertThat(fds.swapRemove(1)).isEqualTo(eventFds.get(4).fd());
			assertThat(fds.count()).isEqualTo(4);
			assertThat(fds.fd(1)).isEqualTo(eventFds.get(4).fd());
			assertThat(fds.events(1)).isEqualTo(Poll.POLLIN | Poll.POLLOUT);
			assertThat(fds.swapRemove(3)).as("the last entry itself").isEqualTo(-1);
			assertThat(fds.count()).isEqualTo(3);
			eventFds.get(4).signal();
			assertThat(Poll.wait(fds, 1000)).isEqualTo(1);
			assertThat(fds.revents(1)).isEqualTo(Poll.POLLIN | Poll.POLLOUT);
		}
		finally {
			eventFds.forEach(EventFd::close);
		}
	}

	@Test
	void selectSetsTheReadBitOfTheSignalledFdOnlyAndTimesOut() throws Exception {
		try (EventFd quiet = new EventFd(); EventFd signalled = new EventFd(); FdSets sets = new FdSets()) {
			long[] read = new long[FdSets.WORDS];
			long[] write = new long[FdSets.WORDS];
			long[] readyRead = new long[FdSets.WORDS];
			long[] readyWrite = new long[FdSets.WORDS];
			set(read, quiet.fd());
			set(read, signalled.fd());
			int nfds = Math.max(quiet.fd(), signalled.fd()) + 1;
			long started = System.nanoTime();
			assertThat(sets.select(nfds, read, write, 50, readyRead, readyWrite)).isZero();
			assertThat(System.nanoTime() - started).as("waited for the timeout").isGreaterThanOrEqualTo(40_000_000L);
			signalled.signal();
			assertThat(sets.select(nfds, read, write, 1000, readyRead, readyWrite)).isEqualTo(1);
			assertThat(isSet(readyRead, signalled.fd())).isTrue();
			assertThat(isSet(readyRead, quiet.fd())).isFalse();
			assertThat(readyWrite).containsOnly(0L);
			set(write, quiet.fd());
			assertThat(sets.select(nfds, read, write, 0, readyRead, readyWrite)).as("writable eventfd too")
				.isEqualTo(2);
			assertThat(isSet(readyWrite, quiet.fd())).isTrue();
		}
	}

	@Test
	void selectRefusesAnFdAtOrAboveFdSetSize() {
		try (FdSets sets = new FdSets()) {
			long[] words = new long[FdSets.WORDS];
			assertThatIllegalArgumentException()
				.isThrownBy(() -> sets.select(FdSets.FD_SETSIZE + 1, words, words, 0, words, words))
				.withMessageContaining("FD_SETSIZE 1024");
		}
	}

	private static void set(long[] words, int fd) {
		words[fd >>> 6] |= 1L << (fd & 63);
	}

	private static boolean isSet(long[] words, int fd) {
		return (words[fd >>> 6] & (1L << (fd & 63))) != 0;
	}

}
