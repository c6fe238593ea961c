package dev.epollgateway.engine.nativeio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The kernel facts the live accept-distribution switch rests on, checked on real loopback sockets: a closed
 * {@code SO_REUSEPORT} listener resets what waits in its accept queue; {@code ret #0} sends every new connection to
 * the group's first listener, whichever member it was attached through; giving the group back to the hash spreads
 * connections again; a program needs a {@code SO_REUSEPORT} socket; {@code EPOLLEXCLUSIVE} cannot be set by a MOD.
 */
class ReuseportSteeringTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	@Test
	void closingAReuseportListenerResetsTheConnectionsWaitingInItsQueue() throws Exception {
		List<Integer> group = group(2);
		List<Socket> clients = connect(group, 40);
		try (NativeBuffer peer = Sockets.newPeerAddressBuffer()) {
			Sockets.close(group.get(1));
			int acceptedOnFirst = acceptAll(group.get(0), peer);
			int reset = 0;
			for (Socket client : clients) {
				if (isReset(client)) {
					reset++;
				}
			}
			assertThat(reset).as("connections queued on the closed listener, reset").isPositive();
			assertThat(reset + acceptedOnFirst).isEqualTo(clients.size());
		}
		finally {
			closeAll(clients);
			Sockets.close(group.get(0));
		}
	}

	@Test
	void returnZeroSendsEveryNewConnectionToTheFirstListenerOfTheGroup() throws Exception {
		List<Integer> group = group(4);
		List<Socket> clients = new ArrayList<>();
		try (NativeBuffer peer = Sockets.newPeerAddressBuffer()) {
			// Attached through the third member: the program belongs to the group.
			ReuseportSteering.steerToFirst(group.get(2));
			clients.addAll(connect(group, 64));
			assertThat(acceptAll(group.get(0), peer)).isEqualTo(64);
			for (int i = 1; i < group.size(); i++) {
				assertThat(Sockets.accept(group.get(i), peer)).as("listener %d", i).isEqualTo(IoResult.WOULD_BLOCK);
			}

			ReuseportSteering.spreadByHash(group.get(0));
			clients.addAll(connect(group, 64));
			int served = 0;
			int listenersUsed = 0;
			for (int fd : group) {
				int n = acceptAll(fd, peer);
				served += n;
				listenersUsed += (n > 0) ? 1 : 0;
			}
			assertThat(served).isEqualTo(64);
			assertThat(listenersUsed).as("listeners given connections by the hash").isGreaterThan(1);
			// Spreading twice is harmless: the group is already the hash's.
			ReuseportSteering.spreadByHash(group.get(0));
		}
		finally {
			closeAll(clients);
			group.forEach(Sockets::close);
		}
	}

	@Test
	void aProgramNeedsASocketOfAReuseportGroup() throws Exception {
		int fd = Sockets.listen(new InetSocketAddress(LOOPBACK, 0), 16, false, true);
		try {
			assertThatExceptionOfType(NativeIoException.class).isThrownBy(() -> ReuseportSteering.steerToFirst(fd))
				.withMessageContaining("SO_ATTACH_REUSEPORT_CBPF");
		}
		finally {
			Sockets.close(fd);
		}
	}

	@Test
	void exclusiveWakeupsCanBeAskedForOnAddOnlyNotOnModify() throws Exception {
		int fd = Sockets.listen(new InetSocketAddress(LOOPBACK, 0), 16, false, true);
		int epfd = Epoll.create();
		try (EpollEventArray scratch = new EpollEventArray(1)) {
			assertThat(Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, fd, Epoll.EPOLLIN, 1, scratch)).isZero();
			assertThat(Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, fd, Epoll.EPOLLIN | Epoll.EPOLLEXCLUSIVE, 1, scratch))
				.isEqualTo(-Errno.EINVAL);
			assertThat(Epoll.ctl(epfd, Epoll.EPOLL_CTL_DEL, fd, 0, 0, scratch)).isZero();
			assertThat(Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, fd, Epoll.EPOLLIN | Epoll.EPOLLEXCLUSIVE, 1, scratch))
				.isZero();
		}
		finally {
			Sockets.close(epfd);
			Sockets.close(fd);
		}
	}

	/** {@code n} listeners on one ephemeral loopback port, in the order they joined the group. */
	private static List<Integer> group(int n) throws NativeIoException {
		List<Integer> fds = new ArrayList<>();
		int first = Sockets.listen(new InetSocketAddress(LOOPBACK, 0), 128, true, true);
		fds.add(first);
		InetSocketAddress address = new InetSocketAddress(LOOPBACK, Sockets.localAddress(first).getPort());
		for (int i = 1; i < n; i++) {
			fds.add(Sockets.listen(address, 128, true, true));
		}
		return fds;
	}

	private static List<Socket> connect(List<Integer> group, int n) throws IOException {
		int port = Sockets.localAddress(group.get(0)).getPort();
		List<Socket> clients = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Socket client = new Socket();
			clients.add(client);
			client.connect(new InetSocketAddress(LOOPBACK, port), 5_000);
			client.setSoTimeout(2_000);
		}
		return clients;
	}

	/** Accepts (and closes) everything queued on a listener; returns how many. */
	private static int acceptAll(int listenFd, NativeBuffer peer) {
		int n = 0;
		int fd;
		while ((fd = Sockets.accept(listenFd, peer)) >= 0) {
			Sockets.close(fd);
			n++;
		}
		assertThat(fd).isEqualTo(IoResult.WOULD_BLOCK);
		return n;
	}

	/** Whether the server side reset the connection (an accepted and closed one reads end of stream instead). */
	private static boolean isReset(Socket client) throws IOException {
		try {
			int b = client.getInputStream().read();
			assertThat(b).as("nothing was sent to the client").isEqualTo(-1);
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	private static void closeAll(List<Socket> clients) throws IOException {
		for (Socket client : clients) {
			client.close();
		}
	}

}
