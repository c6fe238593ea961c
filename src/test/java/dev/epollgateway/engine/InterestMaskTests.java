package dev.epollgateway.engine;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.epollgateway.engine.nativeio.Epoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link InterestMask}, {@link KernelInterestList} parsing and {@link LoopCounters} buckets.
 */
class InterestMaskTests {

	@Test
	void everyMaskCarriesItsModeBits() {
		for (boolean reading : new boolean[] { true, false }) {
			for (boolean writing : new boolean[] { true, false }) {
				assertThat(InterestMask.of(TriggerMode.LEVEL, reading, writing)
						& (Epoll.EPOLLET | Epoll.EPOLLONESHOT)).isZero();
				assertThat(InterestMask.of(TriggerMode.EDGE, reading, writing) & Epoll.EPOLLET).isNotZero();
				assertThat(InterestMask.of(TriggerMode.ONESHOT, reading, writing))
					.matches((mask) -> (mask & Epoll.EPOLLET) != 0 && (mask & Epoll.EPOLLONESHOT) != 0);
			}
		}
	}

	@Test
	void readingAddsInAndRdhupWritingAddsOut() {
		assertThat(InterestMask.names(InterestMask.of(TriggerMode.EDGE, true, false)))
			.containsExactly("EPOLLIN", "EPOLLRDHUP", "EPOLLET");
		assertThat(InterestMask.names(InterestMask.of(TriggerMode.LEVEL, false, true))).containsExactly("EPOLLOUT");
		assertThat(InterestMask.label(InterestMask.of(TriggerMode.ONESHOT, true, true)))
			.isEqualTo("EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLONESHOT|EPOLLET");
	}

	@Test
	void parsesTheKernelsFdinfoLine() {
		KernelInterestList.Entry entry = KernelInterestList
			.parse("tfd:       12 events: 80002019 data:               11  pos:0 ino:2c3e5 sdev:8");
		assertThat(entry.fd()).isEqualTo(12);
		assertThat(entry.events()).isEqualTo(0x80002019);
		assertThat(entry.data()).isEqualTo(0x11);
		assertThat(KernelInterestList.parse("tfd: 5 events: 19 data: ffffffffffffffff pos:0").data()).isEqualTo(-1);
	}

	@Test
	void bucketsEventsPerWakeupByPowersOfTwo() {
		assertThat(LoopCounters.bucket(0)).isZero();
		assertThat(LoopCounters.bucket(1)).isEqualTo(1);
		assertThat(LoopCounters.bucket(3)).isEqualTo(2);
		assertThat(LoopCounters.bucket(4)).isEqualTo(3);
		assertThat(LoopCounters.bucket(1024)).isEqualTo(11);
		assertThat(LoopCounters.bucket(Integer.MAX_VALUE)).isEqualTo(LoopCounters.HISTOGRAM_BUCKETS - 1);
		for (int value : new int[] { 0, 1, 2, 3, 7, 8, 1000, 65536 }) {
			int bucket = LoopCounters.bucket(value);
			assertThat((long) value).isLessThanOrEqualTo(LoopCounters.bucketUpperBound(bucket));
			if (bucket > 0) {
				assertThat((long) value).isGreaterThan(LoopCounters.bucketUpperBound(bucket - 1));
			}
		}
	}

	@Test
	void namesOfAMaskAreComputedOnceAndCannotBeChangedByACaller() {
		int mask = InterestMask.of(TriggerMode.ONESHOT, true, true);
		List<String> names = InterestMask.names(mask);
		assertThat(InterestMask.names(mask)).isSameAs(names);
		assertThat(names).containsExactly("EPOLLIN", "EPOLLOUT", "EPOLLRDHUP", "EPOLLONESHOT", "EPOLLET");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> names.add("EPOLLPRI"));
	}

}
