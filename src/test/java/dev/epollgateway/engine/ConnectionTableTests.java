package dev.epollgateway.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionTable}, checked against a {@link HashMap} under random puts and removes.
 */
class ConnectionTableTests {

	@Test
	void agreesWithAHashMapUnderRandomPutsAndRemoves() {
		ConnectionTable table = new ConnectionTable();
		Map<Long, Connection> reference = new HashMap<>();
		Random random = new Random(42);
		long nextId = 1;
		for (int step = 0; step < 200_000; step++) {
			if (reference.isEmpty() || random.nextInt(100) < 55) {
				Connection connection = new Connection(nextId++, 3, new byte[] { 127, 0, 0, 1 }, 1, 2, 0);
				table.put(connection);
				reference.put(connection.id, connection);
			}
			else {
				long id = 1 + random.nextInt((int) nextId);
				table.remove(id);
				reference.remove(id);
			}
			if (step % 10_000 == 0) {
				for (long id = Math.max(1, nextId - 2000); id < nextId; id++) {
					if (table.get(id) != reference.get(id)) {
						throw new AssertionError("id " + id + ": table has " + table.get(id) + ", reference " + reference.get(id));
					}
				}
			}
		}
		assertThat(table.size()).isEqualTo(reference.size());
		// Every connection once, the same instances, in id order.
		assertThat(table.toArray()).containsExactly(new TreeMap<>(reference).values().toArray(new Connection[0]));
		assertThat(table.get(nextId + 1)).isNull();
	}

	@Test
	void listsTheIdsAfterACursorInEitherOrderAsASortedSetWould() {
		ConnectionTable table = new ConnectionTable();
		TreeSet<Long> reference = new TreeSet<>();
		Random random = new Random(7);
		for (long id = 1; id <= 5_000; id++) {
			table.put(new Connection(id, 3, new byte[] { 127, 0, 0, 1 }, 1, 2, 0));
			reference.add(id);
		}
		for (int i = 0; i < 2_000; i++) {
			long id = 1 + random.nextInt(5_000);
			table.remove(id);
			reference.remove(id);
		}
		for (long after : new long[] { Long.MIN_VALUE, 0, 17, 2_500, 4_990, 5_000 }) {
			assertThat(table.idsAfter(after, false, 100))
				.containsExactly(reference.tailSet(after, false).stream().limit(100).mapToLong(Long::longValue).toArray());
		}
		for (long before : new long[] { Long.MAX_VALUE, 5_001, 2_500, 10, 1 }) {
			assertThat(table.idsAfter(before, true, 100)).containsExactly(
					reference.headSet(before, false).descendingSet().stream().limit(100).mapToLong(Long::longValue)
						.toArray());
		}
	}

}
