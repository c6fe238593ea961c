package dev.epollgateway.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a {@link ConnectionView} member by member, in declaration order, exactly as Jackson's bean serializer would
 * ({@code ConnectionViewSerializerTests} compares the two), without its per-member reflection and boxing and with
 * {@code connectedAt} formatted straight into a buffer: a page holds up to 1000 of them, and the listing shares a core
 * with the event loops.
 */
final class ConnectionViewSerializer extends StdSerializer<ConnectionView> {

	private static final SerializableString ID = new SerializedString("id");

	private static final SerializableString LOOP = new SerializedString("loop");

	private static final SerializableString FD = new SerializedString("fd");

	private static final SerializableString REMOTE_ADDRESS = new SerializedString("remoteAddress");

	private static final SerializableString REMOTE_PORT = new SerializedString("remotePort");

	private static final SerializableString LOCAL_PORT = new SerializedString("localPort");

	private static final SerializableString CONNECTED_AT = new SerializedString("connectedAt");

	private static final SerializableString AGE_MS = new SerializedString("ageMs");

	private static final SerializableString IDLE_MS = new SerializedString("idleMs");

	private static final SerializableString BYTES_IN = new SerializedString("bytesIn");

	private static final SerializableString BYTES_OUT = new SerializedString("bytesOut");

	private static final SerializableString READS = new SerializedString("reads");

	private static final SerializableString WRITES = new SerializedString("writes");

	private static final SerializableString EAGAIN_READS = new SerializedString("eagainReads");

	private static final SerializableString EAGAIN_WRITES = new SerializedString("eagainWrites");

	private static final SerializableString WRITE_BACKLOG_BYTES = new SerializedString("writeBacklogBytes");

	private static final SerializableString READING_PAUSED = new SerializedString("readingPaused");

	private static final SerializableString STATE = new SerializedString("state");

	private static final SerializableString INTEREST = new SerializedString("interest");

	private static final SerializableString INTEREST_MASK = new SerializedString("interestMask");

	/** 9999-12-31T23:59:59Z: up to here an ISO instant has a four-digit year and no sign. */
	private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

	/** The text of one instant, reused: the generator copies it before {@code writeString} returns. */
	private static final ThreadLocal<char[]> instantText = ThreadLocal.withInitial(() -> new char[30]);

	ConnectionViewSerializer() {
		super(ConnectionView.class);
	}

	@Override
	public void serialize(ConnectionView view, JsonGenerator gen, SerializationContext ctxt) {
		gen.writeStartObject(view);
		gen.writeName(ID);
		gen.writeNumber(view.id());
		gen.writeName(LOOP);
		gen.writeNumber(view.loop());
		gen.writeName(FD);
		gen.writeNumber(view.fd());
		gen.writeName(REMOTE_ADDRESS);
		writeString(gen, view.remoteAddress());
		gen.writeName(REMOTE_PORT);
		gen.writeNumber(view.remotePort());
		gen.writeName(LOCAL_PORT);
		gen.writeNumber(view.localPort());
		gen.writeName(CONNECTED_AT);
		writeInstant(gen, ctxt, view.connectedAt());
		gen.writeName(AGE_MS);
		gen.writeNumber(view.ageMs());
		gen.writeName(IDLE_MS);
		gen.writeNumber(view.idleMs());
		gen.writeName(BYTES_IN);
		gen.writeNumber(view.bytesIn());
		gen.writeName(BYTES_OUT);
		gen.writeNumber(view.bytesOut());
		gen.writeName(READS);
		gen.writeNumber(view.reads());
		gen.writeName(WRITES);
		gen.writeNumber(view.writes());
		gen.writeName(EAGAIN_READS);
		gen.writeNumber(view.eagainReads());
		gen.writeName(EAGAIN_WRITES);
		gen.writeNumber(view.eagainWrites());
		gen.writeName(WRITE_BACKLOG_BYTES);
		gen.writeNumber(view.writeBacklogBytes());
		gen.writeName(READING_PAUSED);
		gen.writeBoolean(view.readingPaused());
		gen.writeName(STATE);
		writeString(gen, (view.state() != null) ? view.state().name() : null);
		gen.writeName(INTEREST);
		writeStrings(gen, view.interest());
		gen.writeName(INTEREST_MASK);
		gen.writeNumber(view.interestMask());
		gen.writeEndObject();
	}

	private static void writeString(JsonGenerator gen, String value) {
		if (value == null) {
			gen.writeNull();
		}
		else {
			gen.writeString(value);
		}
	}

	private static void writeStrings(JsonGenerator gen, List<String> values) {
		if (values == null) {
			gen.writeNull();
			return;
		}
		gen.writeStartArray(values, values.size());
		for (int i = 0; i < values.size(); i++) {
			writeString(gen, values.get(i));
		}
		gen.writeEndArray();
	}

	private static void writeInstant(JsonGenerator gen, SerializationContext ctxt, Instant instant) {
		long second = (instant != null) ? instant.getEpochSecond() : -1;
		if (second < 0 || second > LAST_FOUR_DIGIT_SECOND || ctxt.isEnabled(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)) {
			// null, before 1970, after 9999 or configured as a number: Jackson's own Instant serializer
			ctxt.writeValue(gen, instant);
			return;
		}
		char[] text = instantText.get();
		gen.writeString(text, 0, formatIso(second, instant.getNano(), text));
	}

	/**
	 * Writes {@code Instant.toString()} of an instant from 1970 to 9999 into {@code text} (at least 30 chars):
	 * {@code 2026-11-27T10:32:16Z}, with the fraction in groups of three digits as needed ({@code .855},
	 * {@code .855474}, {@code .855474251}). Returns the length.
	 */
	static int formatIso(long epochSecond, int nano, char[] text) {
		LocalDate date = LocalDate.ofEpochDay(epochSecond / 86_400);
		int secondOfDay = (int) (epochSecond % 86_400);
		int at = digits(text, 0, date.getYear(), 4);
		text[at++] = '-';
		at = digits(text, at, date.getMonthValue(), 2);
		text[at++] = '-';
		at = digits(text, at, date.getDayOfMonth(), 2);
		text[at++] = 'T';
		at = digits(text, at, secondOfDay / 3600, 2);
		text[at++] = ':';
		at = digits(text, at, secondOfDay / 60 % 60, 2);
		text[at++] = ':';
		at = digits(text, at, secondOfDay % 60, 2);
		if (nano != 0) {
			text[at++] = '.';
			if (nano % 1_000_000 == 0) {
				at = digits(text, at, nano / 1_000_000, 3);
			}
			else if (nano % 1_000 == 0) {
				at = digits(text, at, nano / 1_000, 6);
			}
			else {
				at = digits(text, at, nano, 9);
			}
		}
		text[at++] = 'Z';
		return at;
	}

	private static int digits(char[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
		return at + width;
	}

}
