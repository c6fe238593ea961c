package dev.epollgateway.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link IdOrder}, checked against a {@link TreeSet} through growth, holes and compaction.
 */
class IdOrderTests {

	@Test
	void pagesAgreeWithASortedSetUnderRandomAddsAndRemoves() {
		IdOrder order = new IdOrder();
		TreeSet<Long> reference = new TreeSet<>();
		List<Long> live = new ArrayList<>();
		Random random = new Random(11);
		long nextId = 1;
		for (int step = 0; step < 100_000; step++) {
			// phases of mostly adding and mostly removing, so that the order grows, fills with holes and compacts
			boolean adding = (step / 10_000) % 2 == 0;
			if (live.isEmpty() || random.nextInt(100) < (adding ? 70 : 25)) {
				order.add(nextId);
				reference.add(nextId);
				live.add(nextId++);
			}
			else {
				long id = live.remove(random.nextInt(live.size()));
				order.remove(id);
				reference.remove(id);
			}
			if (step % 997 == 0) {
				assertPagesAgree(order, reference, nextId, random);
			}
		}
		assertPagesAgree(order, reference, nextId, random);
	}

	@Test
	void anIdSmallerThanTheLastIsInsertedInPlace() {
		IdOrder order = new IdOrder();
		for (long id : new long[] { 10, 20, 30, 5, 25, 1 }) {
			order.add(id);
		}
		assertThat(order.after(Long.MIN_VALUE, false, 10)).containsExactly(1, 5, 10, 20, 25, 30);
		assertThat(order.after(Long.MAX_VALUE, true, 10)).containsExactly(30, 25, 20, 10, 5, 1);
	}

	@Test
	void anIdInsertedInPlaceIntoAFullOrderWithHolesLandsInOrderAfterTheCompaction() {
		IdOrder order = new IdOrder();
		TreeSet<Long> reference = new TreeSet<>();
		for (long id = 10; id <= 640; id += 10) {
			order.add(id);
			reference.add(id);
		}
		for (long id = 10; id <= 200; id += 10) {
			order.remove(id);
			reference.remove(id);
		}
		order.add(205);
		reference.add(205L);
		assertThat(order.after(Long.MIN_VALUE, false, 100))
			.containsExactly(reference.stream().mapToLong(Long::longValue).toArray());
	}

	@Test
	void aRemovedIdCanBeAddedAgainAndAnAbsentIdCannotBeRemoved() {
		IdOrder order = new IdOrder();
		order.add(1);
		order.add(2);
		order.add(3);
		order.remove(2);
		assertThat(order.after(Long.MIN_VALUE, false, 10)).containsExactly(1, 3);
		order.add(2);
		assertThat(order.after(1, false, 10)).containsExactly(2, 3);
		assertThatIllegalStateException().isThrownBy(() -> order.remove(7)).withMessageContaining("id 7");
		assertThatIllegalStateException().isThrownBy(() -> order.add(3)).withMessageContaining("id 3");
	}

	@Test
	void pagesStopAtTheLimitAndAtEitherEnd() {
		IdOrder order = new IdOrder();
		for (long id = 1; id <= 1_000; id++) {
			order.add(id);
		}
		for (long id = 2; id <= 1_000; id += 2) {
			order.remove(id);
		}
		assertThat(order.after(0, false, 3)).containsExactly(1, 3, 5);
		assertThat(order.after(995, false, 10)).containsExactly(997, 999);
		assertThat(order.after(999, false, 10)).isEmpty();
		assertThat(order.after(6, true, 10)).containsExactly(5, 3, 1);
		assertThat(order.after(1, true, 10)).isEmpty();
		assertThat(order.after(Long.MIN_VALUE, true, 10)).isEmpty();
		assertThat(new IdOrder().after(Long.MIN_VALUE, false, 100)).isEmpty();
	}

	private static void assertPagesAgree(IdOrder order, TreeSet<Long> reference, long nextId, Random random) {
		long[] cursors = { Long.MIN_VALUE, 0, 1 + random.nextInt((int) nextId), nextId - 1, nextId, Long.MAX_VALUE };
		for (long cursor : cursors) {
			for (int limit : new int[] { 1, 100 }) {
				assertThat(order.after(cursor, false, limit)).as("after %d, limit %d", cursor, limit)
					.containsExactly(reference.tailSet(cursor, false).stream().limit(limit)
						.mapToLong(Long::longValue).toArray());
				assertThat(order.after(cursor, true, limit)).as("before %d, limit %d", cursor, limit)
					.containsExactly(reference.headSet(cursor, false).descendingSet().stream().limit(limit)
						.mapToLong(Long::longValue).toArray());
			}
		}
	}

}
