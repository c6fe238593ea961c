package dev.epollgateway.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

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
		Set<Connection> listed = Collections.newSetFromMap(new IdentityHashMap<>());
		listed.addAll(Arrays.asList(table.toArray()));
		assertThat(listed).hasSize(reference.size());
		assertThat(reference.values()).allMatch(listed::contains);
		assertThat(table.get(nextId + 1)).isNull();
	}

}
