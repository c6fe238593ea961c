package dev.epollgateway.admin;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.epollgateway.engine.ConnectionInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionViewSerializer}: byte for byte the JSON Jackson's bean serializer writes for the same
 * record (what the API wrote before the serializer existed), and instants as {@code Instant.toString()} writes them.
 */
class ConnectionViewSerializerTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	/** The same mapper ignoring {@code @JsonSerialize}: Jackson's bean serializer for the record. */
	private final JsonMapper beanMapper = JsonMapper.builder().disable(MapperFeature.USE_ANNOTATIONS).build();

	@Test
	void writesWhatTheBeanSerializerWrites() {
		List<ConnectionView> views = List.of(
				view(1, "127.0.0.1", Instant.parse("2026-11-27T10:43:27.352Z"), ConnectionInfo.State.OPEN,
						List.of("EPOLLIN", "EPOLLRDHUP")),
				view(Long.MAX_VALUE, "2001:db8::1", Instant.parse("2026-01-01T00:00:00Z"),
						ConnectionInfo.State.HALF_CLOSED, List.of("EPOLLIN", "EPOLLRDHUP", "EPOLLET", "EPOLLONESHOT")),
				view(3, "a \"quoted\" \\ name\n", Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
						ConnectionInfo.State.CLOSING, List.of()),
				view(4, null, null, null, null), view(5, "10.0.0.1", Instant.EPOCH, ConnectionInfo.State.OPEN,
						Arrays.asList("EPOLLIN", null)),
				view(6, "10.0.0.2", Instant.ofEpochSecond(-1, 500_000_000), ConnectionInfo.State.OPEN, List.of()),
				view(7, "10.0.0.3", Instant.parse("+10000-01-01T00:00:00.001Z"), ConnectionInfo.State.OPEN,
						List.of()));
		for (ConnectionView view : views) {
			assertThat(this.mapper.writeValueAsString(view)).isEqualTo(this.beanMapper.writeValueAsString(view));
		}
		ConnectionListView page = new ConnectionListView(views, "aWQ6Mjoy", 7, Instant.now());
		assertThat(this.mapper.writeValueAsString(page)).isEqualTo(this.beanMapper.writeValueAsString(page));
	}

	@Test
	void followsTheMapperWhenDatesAreWrittenAsTimestamps() {
		JsonMapper timestamps = this.mapper.rebuild().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
		JsonMapper beanTimestamps = this.beanMapper.rebuild()
			.enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.build();
		ConnectionView view = view(9, "127.0.0.1", Instant.parse("2026-11-27T10:43:27.352Z"),
				ConnectionInfo.State.OPEN, List.of("EPOLLIN"));
		String json = timestamps.writeValueAsString(view);
		assertThat(json).contains("\"connectedAt\":1795776207.352");
		assertThat(json).isEqualTo(beanTimestamps.writeValueAsString(view));
	}

	@Test
	void formatsInstantsAsInstantToStringDoes() {
		SplittableRandom random = new SplittableRandom(5);
		char[] text = new char[30];
		for (int i = 0; i < 200_000; i++) {
			long second = random.nextLong(253_402_300_800L);
			int nano = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant instant = Instant.ofEpochSecond(second, nano);
			int length = ConnectionViewSerializer.formatIso(second, nano, text);
			assertThat(new String(text, 0, length)).isEqualTo(instant.toString());
		}
		for (Instant edge : List.of(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999999Z"),
				Instant.parse("2000-02-29T12:00:00.010Z"), Instant.parse("2026-11-27T23:59:59.000001Z"))) {
			int length = ConnectionViewSerializer.formatIso(edge.getEpochSecond(), edge.getNano(), text);
			assertThat(new String(text, 0, length)).isEqualTo(edge.toString());
		}
	}

	private static ConnectionView view(long id, String remote, Instant connectedAt, ConnectionInfo.State state,
			List<String> interest) {
		return new ConnectionView(id, 2, 17, remote, 54358, 7878, connectedAt, 219, 213, 1L << 40, 4000, 7, 8, 1, 0,
				131_072, true, state, interest, 8193);
	}

}
