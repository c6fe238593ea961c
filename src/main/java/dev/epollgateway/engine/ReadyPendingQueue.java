package dev.epollgateway.engine;

/**
 * The user-space ready list: connections that used their read budget before reaching {@code EAGAIN}. An edge will
 * not come again for the data they still hold, so the loop serves them after the current batch, without a system
 * call to find them and without letting one firehose starve the others. An intrusive FIFO.
 * <p>
 * Threading: loop thread only.
 */
final class ReadyPendingQueue {

	private Connection head;

	private Connection tail;

	private int size;

	int size() {
		return this.size;
	}

	boolean isEmpty() {
		return this.size == 0;
	}

	/** Queues a connection unless it is queued already. @return whether it was added */
	boolean offer(Connection connection) {
		if (connection.pendingQueued) {
			return false;
		}
		connection.pendingQueued = true;
		connection.nextPending = null;
		if (this.tail != null) {
			this.tail.nextPending = connection;
		}
		else {
			this.head = connection;
		}
		this.tail = connection;
		this.size++;
		return true;
	}

	/** Takes the oldest entry (possibly closed since: the caller checks), or null. */
	Connection poll() {
		Connection connection = this.head;
		if (connection != null) {
			this.head = connection.nextPending;
			if (this.head == null) {
				this.tail = null;
			}
			connection.nextPending = null;
			connection.pendingQueued = false;
			this.size--;
		}
		return connection;
	}

}
