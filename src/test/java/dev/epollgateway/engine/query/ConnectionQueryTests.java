package dev.epollgateway.engine.query;

import java.util.List;

import dev.epollgateway.engine.TriggerMode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the listing vocabulary: {@link ConnectionSort}, {@link ConnectionCursor}, {@link ConnectionQuery},
 * {@link TriggerMode} and {@link KillMode} parsing.
 */
class ConnectionQueryTests {

	@Test
	void parsesSortKeysWithAnOptionalMinusForDescending() {
		assertThat(ConnectionSort.parse("bytesIn")).isEqualTo(new ConnectionSort(ConnectionSortKey.BYTES_IN, false));
		assertThat(ConnectionSort.parse("-idleMs")).isEqualTo(new ConnectionSort(ConnectionSortKey.IDLE_MS, true));
		assertThat(ConnectionSort.parse(null)).isEqualTo(ConnectionSort.BY_ID);
		assertThatIllegalArgumentException().isThrownBy(() -> ConnectionSort.parse("fd"))
			.withMessageContaining("Unknown sort key 'fd'")
			.withMessageContaining("id, ageMs, idleMs, bytesIn, bytesOut, writeBacklogBytes");
	}

	@Test
	void cursorsRoundTripAndRejectGarbage() {
		ConnectionCursor cursor = new ConnectionCursor(ConnectionSort.parse("-bytesOut"), 4096, 17);
		assertThat(ConnectionCursor.decode(cursor.encode())).isEqualTo(cursor);
		assertThatIllegalArgumentException().isThrownBy(() -> ConnectionCursor.decode("not a cursor!"))
			.withMessageContaining("Malformed cursor");
	}

	@Test
	void aPageContinuesStrictlyAfterItsCursorInEitherDirection() {
		ConnectionSort ascending = ConnectionSort.parse("bytesIn");
		ConnectionCursor at = new ConnectionCursor(ascending, 100, 5);
		assertThat(ascending.isAfter(100, 6, at)).isTrue();
		assertThat(ascending.isAfter(100, 5, at)).isFalse();
		assertThat(ascending.isAfter(99, 9, at)).isFalse();
		ConnectionSort descending = ConnectionSort.parse("-bytesIn");
		ConnectionCursor back = new ConnectionCursor(descending, 100, 5);
		assertThat(descending.isAfter(99, 1, back)).isTrue();
		assertThat(descending.isAfter(100, 4, back)).isTrue();
		assertThat(descending.isAfter(100, 6, back)).isFalse();
	}

	@Test
	void theComparatorBreaksTiesById() {
		ConnectionInfo first = info(2, 10);
		ConnectionInfo second = info(1, 10);
		ConnectionInfo third = info(3, 5);
		List<ConnectionInfo> sorted = new java.util.ArrayList<>(List.of(first, second, third));
		sorted.sort(ConnectionSort.parse("-bytesIn").comparator());
		assertThat(sorted).extracting(ConnectionInfo::id).containsExactly(2L, 1L, 3L);
	}

	@Test
	void limitsAreBoundedAndCursorsKeepTheirSort() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConnectionQuery.firstPage(0))
			.withMessageContaining("limit must be between 1 and 1000");
		assertThatIllegalArgumentException().isThrownBy(() -> ConnectionQuery.firstPage(1001));
		ConnectionCursor byId = new ConnectionCursor(ConnectionSort.BY_ID, 3, 3);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ConnectionQuery(null, ConnectionSort.parse("bytesIn"), 10, byId))
			.withMessageContaining("keep the sort while paging");
	}

	@Test
	void modesParseCaseInsensitivelyAndNameTheValidValues() {
		assertThat(TriggerMode.parse("Edge")).isEqualTo(TriggerMode.EDGE);
		assertThat(TriggerMode.parse(" oneshot ")).isEqualTo(TriggerMode.ONESHOT);
		assertThatIllegalArgumentException().isThrownBy(() -> TriggerMode.parse("sideways"))
			.withMessage("Unknown trigger mode 'sideways'; valid values are level, edge, oneshot");
		assertThat(KillMode.parse("ABORT")).isEqualTo(KillMode.ABORT);
		assertThatIllegalArgumentException().isThrownBy(() -> KillMode.parse("gently"))
			.withMessageContaining("graceful, abort");
	}

	private static ConnectionInfo info(long id, long bytesIn) {
		return new ConnectionInfo(id, 0, 10, "127.0.0.1", 4000, 7878, 0, 0, 0, 0, bytesIn, 0, 0, 0, 0, 0, 0, false,
				ConnectionInfo.State.OPEN, 0, List.of());
	}

}
