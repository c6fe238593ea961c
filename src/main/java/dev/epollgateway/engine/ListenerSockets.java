package dev.epollgateway.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import dev.epollgateway.engine.nativeio.Errno;
import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * Binds the engine's listening sockets: one per loop, all on one port (through {@code SO_REUSEPORT} when there are
 * several), and turns every failure into one sentence for the operator.
 * <p>
 * Threading: used once, by the thread that starts the engine. On failure it closes what it opened; on success the
 * caller owns the fds.
 */
final class ListenerSockets {

	/**
	 * Listeners bound for every loop.
	 *
	 * @param fds one listening fd per loop
	 * @param requested the address as configured (port 0 when the kernel was to choose)
	 * @param local the address they are bound to, with the real port
	 */
	record Bound(List<Integer> fds, InetSocketAddress requested, InetSocketAddress local) {
	}

	private ListenerSockets() {
	}

	/**
	 * Binds {@code config.loops()} listeners.
	 * @throws EngineStartException naming the address when the host is unknown, the address taken, or a call fails
	 */
	static Bound bind(EngineConfig config) {
		InetSocketAddress requested = resolve(config);
		List<Integer> fds = new ArrayList<>();
		try {
			boolean reusePort = config.loops() > 1;
			InetSocketAddress bindTo = requested;
			InetSocketAddress local = null;
			for (int i = 0; i < config.loops(); i++) {
				int fd = listen(config, bindTo, reusePort);
				fds.add(fd);
				if (i == 0) {
					local = Sockets.localAddress(fd);
					// With port 0 the first listener picks the port; the others share it through SO_REUSEPORT.
					bindTo = new InetSocketAddress(requested.getAddress(), local.getPort());
				}
			}
			return new Bound(List.copyOf(fds), requested, local);
		}
		catch (NativeIoException | RuntimeException ex) {
			fds.forEach(Sockets::close);
			if (ex instanceof EngineStartException startFailure) {
				throw startFailure;
			}
			throw new EngineStartException(cannotStart(requested, ex), ex);
		}
	}

	/**
	 * Binds one listener and duplicates it for every other loop (shared epoll: one listening socket, which every
	 * loop's thread may be handed; only loop 0 registers it).
	 * @throws EngineStartException as {@link #bind}
	 */
	static Bound bindShared(EngineConfig config) {
		Bound one = bind(config.withLoops(1));
		int listener = one.fds().get(0);
		List<Integer> fds = new ArrayList<>(List.of(listener));
		for (int i = 1; i < config.loops(); i++) {
			int duplicate = Sockets.dup(listener);
			if (duplicate < 0) {
				fds.forEach(Sockets::close);
				throw new EngineStartException(cannotStart(one.requested(),
						Errno.exception("dup of the listener", -duplicate)));
			}
			fds.add(duplicate);
		}
		return new Bound(List.copyOf(fds), one.requested(), one.local());
	}

	/** The operator's sentence for a start that failed after binding. */
	static String cannotStart(InetSocketAddress address, Exception cause) {
		return "Cannot start the epoll engine on " + text(address) + ": " + cause.getMessage();
	}

	private static InetSocketAddress resolve(EngineConfig config) {
		try {
			return new InetSocketAddress(InetAddress.getByName(config.host()), config.port());
		}
		catch (UnknownHostException ex) {
			throw new EngineStartException("gateway.engine.host '" + config.host() + "' is not a known address", ex);
		}
	}

	private static int listen(EngineConfig config, InetSocketAddress address, boolean reusePort)
			throws NativeIoException {
		try {
			return Sockets.listen(address, config.backlog(), reusePort, config.tcpNoDelay());
		}
		catch (NativeIoException ex) {
			if (ex.addressInUse()) {
				throw new EngineStartException("Address " + text(address) + " is already in use", ex);
			}
			throw ex;
		}
	}

	private static String text(InetSocketAddress address) {
		String host = address.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

}
