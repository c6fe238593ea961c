package dev.epollgateway.engine.nativeio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EpollEventLayout} and {@link EpollEventArray}: both architectures' layouts, byte by byte.
 */
class EpollEventLayoutTests {

	@Test
	void x86_64IsPackedTwelveBytesWithDataAtOffsetFour() {
		assertThat(EpollEventLayout.forArch("amd64")).isEqualTo(EpollEventLayout.X86_64);
		assertThat(EpollEventLayout.forArch("x86_64")).isEqualTo(EpollEventLayout.X86_64);
		assertThat(EpollEventLayout.X86_64.size()).isEqualTo(12);
		assertThat(EpollEventLayout.X86_64.dataOffset()).isEqualTo(4);
	}

	@Test
	void aarch64IsAlignedSixteenBytesWithDataAtOffsetEight() {
		assertThat(EpollEventLayout.forArch("aarch64")).isEqualTo(EpollEventLayout.ALIGNED_64);
		assertThat(EpollEventLayout.ALIGNED_64.size()).isEqualTo(16);
		assertThat(EpollEventLayout.ALIGNED_64.dataOffset()).isEqualTo(8);
	}

	@Test
	void x86_64EntriesAreLaidOutBackToBackWithoutPadding() {
		try (EpollEventArray array = new EpollEventArray(2, EpollEventLayout.X86_64)) {
			array.put(1, 0x80002001, 0x1122334455667788L);
			byte[] raw = array.rawEntry(1);
			ByteBuffer expected = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
			expected.putInt(0x80002001).putLong(0x1122334455667788L);
			assertThat(raw).containsExactly(expected.array());
			assertThat(array.events(1)).isEqualTo(0x80002001);
			assertThat(array.data(1)).isEqualTo(0x1122334455667788L);
			assertThat(array.events(0)).isZero();
			assertThat(array.data(0)).isZero();
		}
	}

	@Test
	void aarch64EntriesPadFourBytesBeforeTheData() {
		try (EpollEventArray array = new EpollEventArray(2, EpollEventLayout.ALIGNED_64)) {
			array.put(1, 0x00000005, -2L);
			byte[] raw = array.rawEntry(1);
			ByteBuffer expected = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
			expected.putInt(5).putInt(0).putLong(-2L);
			assertThat(raw).containsExactly(expected.array());
			assertThat(array.events(1)).isEqualTo(5);
			assertThat(array.data(1)).isEqualTo(-2L);
		}
	}

	@Test
	void theKernelFillsTheCurrentLayoutAsItIsRead() throws Exception {
		int epfd = Epoll.create();
		try (EventFd eventFd = new EventFd(); EpollEventArray events = new EpollEventArray(4)) {
			assertThat(Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, eventFd.fd(), Epoll.EPOLLIN, 0x0102030405060708L, events))
				.isZero();
			eventFd.signal();
			int ready = Epoll.wait(epfd, events, 1000);
			assertThat(ready).isEqualTo(1);
			assertThat(events.events(0)).isEqualTo(Epoll.EPOLLIN);
			assertThat(events.data(0)).isEqualTo(0x0102030405060708L);
			eventFd.reset();
			assertThat(Epoll.wait(epfd, events, 0)).isZero();
		}
		finally {
			Sockets.close(epfd);
		}
	}

}
