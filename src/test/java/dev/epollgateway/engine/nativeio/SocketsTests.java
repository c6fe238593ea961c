package dev.epollgateway.engine.nativeio;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Sockets} and {@link IoResult}: results on real loopback sockets, {@code EAGAIN} and a reset as
 * values.
 */
class SocketsTests {

	@Test
	void readOnAnEmptyNonBlockingSocketReturnsWouldBlockInsteadOfThrowing() throws Exception {
		int listenFd = Sockets.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, false, true);
		int port = Sockets.localAddress(listenFd).getPort();
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
				NativeBuffer peer = Sockets.newPeerAddressBuffer();
				NativeBuffer buffer = NativeBuffer.allocate(64)) {
			int fd = acceptWithin(listenFd, peer);
			assertThat(Sockets.port(peer)).isEqualTo(client.getLocalPort());
			assertThat(Sockets.addressBytes(peer)).containsExactly(127, 0, 0, 1);
			assertThat(Sockets.read(fd, buffer.address(), 64)).isEqualTo(IoResult.WOULD_BLOCK);

			buffer.view().put(0, "ping".getBytes(StandardCharsets.US_ASCII));
			assertThat(Sockets.send(fd, buffer.address(), 4)).isEqualTo(4);
			InputStream in = client.getInputStream();
			assertThat(in.readNBytes(4)).containsExactly("ping".getBytes(StandardCharsets.US_ASCII));

			client.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
			long n;
			do {
				n = Sockets.read(fd, buffer.address(), 64);
			}
			while (n == IoResult.WOULD_BLOCK);
			assertThat(n).isEqualTo(4);
			byte[] got = new byte[4];
			buffer.view().get(0, got);
			assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("pong");
			assertThat(Sockets.close(fd)).isZero();
		}
		finally {
			Sockets.close(listenFd);
		}
	}

	@Test
	void sendToAResetPeerReturnsPeerResetWithoutRaisingSigpipe() throws Exception {
		int listenFd = Sockets.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, false, true);
		try (NativeBuffer peer = Sockets.newPeerAddressBuffer(); NativeBuffer buffer = NativeBuffer.allocate(1024)) {
			int fd = acceptThenResetByPeer(listenFd, peer);
			long result = 0;
			for (int i = 0; i < 100 && result >= 0; i++) {
				result = Sockets.send(fd, buffer.address(), 1024);
				Thread.sleep(5);
			}
			assertThat(result).isEqualTo(IoResult.PEER_RESET);
			Sockets.close(fd);
		}
		finally {
			Sockets.close(listenFd);
		}
	}

	@Test
	void readFromAResetPeerReturnsPeerResetLikeASendDoes() throws Exception {
		int listenFd = Sockets.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, false, true);
		try (NativeBuffer peer = Sockets.newPeerAddressBuffer(); NativeBuffer buffer = NativeBuffer.allocate(64)) {
			int fd = acceptThenResetByPeer(listenFd, peer);
			long result = IoResult.WOULD_BLOCK;
			for (int i = 0; i < 200 && result == IoResult.WOULD_BLOCK; i++) {
				result = Sockets.read(fd, buffer.address(), 64);
				Thread.sleep(5);
			}
			assertThat(result).isEqualTo(IoResult.PEER_RESET);
			Sockets.close(fd);
		}
		finally {
			Sockets.close(listenFd);
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void acceptedSocketsInheritTcpNoDelayFromTheListener(boolean noDelay) throws Exception {
		int listenFd = Sockets.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, false, noDelay);
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), Sockets.localAddress(listenFd).getPort());
				NativeBuffer peer = Sockets.newPeerAddressBuffer()) {
			int fd = acceptWithin(listenFd, peer);
			try {
				assertThat(Sockets.noDelay(listenFd, peer)).isEqualTo(noDelay);
				assertThat(Sockets.noDelay(fd, peer)).isEqualTo(noDelay);
			}
			finally {
				Sockets.close(fd);
			}
		}
		finally {
			Sockets.close(listenFd);
		}
	}

	@Test
	void bindingAnAddressInUseNamesTheCallAndTheErrno() throws Exception {
		int first = Sockets.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, false, true);
		try {
			InetSocketAddress taken = Sockets.localAddress(first);
			assertThatExceptionOfType(NativeIoException.class).isThrownBy(() -> Sockets.listen(taken, 16, false, true))
				.satisfies((ex) -> {
					assertThat(ex.call()).isEqualTo("bind");
					assertThat(ex.errno()).isEqualTo(Errno.EADDRINUSE);
					assertThat(ex.addressInUse()).isTrue();
					assertThat(ex.getMessage()).contains("bind failed").contains("errno 98");
				});
		}
		finally {
			Sockets.close(first);
		}
	}

	@Test
	void namesEveryBitOfAMask() {
		assertThat(Epoll.names(Epoll.EPOLLIN | Epoll.EPOLLRDHUP | Epoll.EPOLLET))
			.containsExactly("EPOLLIN", "EPOLLRDHUP", "EPOLLET");
		assertThat(Epoll.names(Epoll.EPOLLOUT | Epoll.EPOLLONESHOT | Epoll.EPOLLET))
			.containsExactly("EPOLLOUT", "EPOLLONESHOT", "EPOLLET");
	}

	/** Accepts a connection whose peer then resets it ({@code SO_LINGER} 0 and close); the caller closes the fd. */
	private static int acceptThenResetByPeer(int listenFd, NativeBuffer peer) throws Exception {
		Socket client = new Socket(InetAddress.getLoopbackAddress(), Sockets.localAddress(listenFd).getPort());
		int fd = acceptWithin(listenFd, peer);
		client.setSoLinger(true, 0);
		client.close();
		return fd;
	}

	private static int acceptWithin(int listenFd, NativeBuffer peer) throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			int fd = Sockets.accept(listenFd, peer);
			if (fd >= 0) {
				return fd;
			}
			assertThat(fd).isEqualTo(IoResult.WOULD_BLOCK);
			Thread.sleep(5);
		}
		throw new AssertionError("no connection to accept within 1 s");
	}

}
