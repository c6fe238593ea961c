package dev.epollgateway.engine.query;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The fields connections can be sorted by, named as the API names them.
 */
public enum ConnectionSortKey {

	ID("id"), AGE_MS("ageMs"), IDLE_MS("idleMs"), BYTES_IN("bytesIn"), BYTES_OUT("bytesOut"),
	WRITE_BACKLOG_BYTES("writeBacklogBytes");

	private final String apiName;

	ConnectionSortKey(String apiName) {
		this.apiName = apiName;
	}

	/** The name used in the API and in cursors. */
	public String apiName() {
		return this.apiName;
	}

	/**
	 * Finds a key by its API name.
	 * @throws IllegalArgumentException naming the valid keys
	 */
	public static ConnectionSortKey fromApiName(String name) {
		for (ConnectionSortKey key : values()) {
			if (key.apiName.equals(name)) {
				return key;
			}
		}
		throw new IllegalArgumentException("Unknown sort key '" + name + "'; valid keys are " + validKeys()
				+ ", each optionally prefixed with '-' for descending order");
	}

	/** The valid API names, comma separated. */
	public static String validKeys() {
		return Arrays.stream(values()).map(ConnectionSortKey::apiName).collect(Collectors.joining(", "));
	}

}
