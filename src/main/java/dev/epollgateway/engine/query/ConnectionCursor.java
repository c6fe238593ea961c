package dev.epollgateway.engine.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The position after which the next page of a connection listing starts: the sort value and id of the last item
 * returned. Encoded as opaque URL-safe text for clients.
 *
 * @param sort the order the cursor belongs to
 * @param sortValue the last item's sort value
 * @param id the last item's id
 */
public record ConnectionCursor(ConnectionSort sort, long sortValue, long id) {

	/** Opaque, URL-safe text for the API. */
	public String encode() {
		String plain = this.sort + ":" + this.sortValue + ":" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Decodes a cursor produced by {@link #encode()}.
	 * @throws IllegalArgumentException when the text is not such a cursor
	 */
	public static ConnectionCursor decode(String text) {
		try {
			String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
			String[] parts = plain.split(":");
			if (parts.length != 3) {
				throw new IllegalArgumentException("wrong number of parts");
			}
			return new ConnectionCursor(ConnectionSort.parse(parts[0]), Long.parseLong(parts[1]),
					Long.parseLong(parts[2]));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Malformed cursor '" + text + "'; pass the nextCursor of a previous page",
					ex);
		}
	}

}
