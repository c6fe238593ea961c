package dev.epollgateway.engine;

/**
 * Connections in order of last activity, oldest first: an intrusive doubly linked list, so that marking activity
 * is O(1) and the idle timeout only ever looks at the oldest connection. No periodic scan of all connections.
 * <p>
 * Threading: loop thread only.
 */
final class IdleList {

	private Connection oldest;

	private Connection newest;

	/** Appends a new connection as the most recently active. */
	void add(Connection connection) {
		connection.idlePrevious = this.newest;
		connection.idleNext = null;
		if (this.newest != null) {
			this.newest.idleNext = connection;
		}
		else {
			this.oldest = connection;
		}
		this.newest = connection;
	}

	/** Marks activity: the connection becomes the newest. */
	void touch(Connection connection) {
		if (connection != this.newest) {
			remove(connection);
			add(connection);
		}
	}

	void remove(Connection connection) {
		Connection previous = connection.idlePrevious;
		Connection next = connection.idleNext;
		if (previous != null) {
			previous.idleNext = next;
		}
		else if (this.oldest == connection) {
			this.oldest = next;
		}
		if (next != null) {
			next.idlePrevious = previous;
		}
		else if (this.newest == connection) {
			this.newest = previous;
		}
		connection.idlePrevious = null;
		connection.idleNext = null;
	}

	/** The least recently active connection, or null. */
	Connection oldest() {
		return this.oldest;
	}

}
