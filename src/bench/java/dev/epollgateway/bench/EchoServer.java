package dev.epollgateway.bench;

import java.util.Map;

/**
 * One echo server under test, running inside a {@link BenchServer} process. Implementations own their threads;
 * every method here is called from the process's control thread.
 */
interface EchoServer {

	/** Binds to the loopback port and starts serving; returns once connections are accepted. */
	void start(int port) throws Exception;

	/** Connections the server holds open now. */
	long connections();

	/** Counters the server exposes, flat and numeric (the gateway's own statistics; empty for the peers). */
	Map<String, Long> statistics();

	/**
	 * Switches the trigger mode of every live connection and answers with the outcome as flat numbers.
	 * @throws UnsupportedOperationException when the server has no trigger modes (the peers)
	 */
	Map<String, Long> switchMode(String mode);

	/**
	 * Moves every live connection to another readiness backend ({@code epoll}, {@code poll}, {@code select}) and
	 * answers with the outcome as flat numbers: {@code moved}, {@code switchNanos} (the engine's, slowest loop),
	 * {@code wallNanos}.
	 * @throws UnsupportedOperationException when the server has no readiness backends (the peers)
	 * @throws RuntimeException with the engine's text when the engine refuses the switch
	 */
	default Map<String, Long> switchBackend(String backend) {
		throw new UnsupportedOperationException("no readiness backends to switch");
	}

	/** Closes the listener and every connection. */
	void stop() throws Exception;

}
