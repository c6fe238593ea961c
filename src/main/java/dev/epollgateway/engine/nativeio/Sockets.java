package dev.epollgateway.engine.nativeio;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * TCP socket calls on raw file descriptors.
 * <p>
 * Hot-path calls ({@link #read}, {@link #send}, {@link #accept}) return a count, an fd or an {@link IoResult} code,
 * never throw. Set-up calls throw
 * {@link NativeIoException}. Threading: stateless and thread-safe; an fd belongs to the thread that owns its
 * connection.
 */
public final class Sockets {

	static final int AF_INET = 2;

	static final int AF_INET6 = 10;

	static final int SOCK_STREAM = 1;

	static final int SOCK_NONBLOCK = 0x800;

	static final int SOCK_CLOEXEC = 0x80000;

	static final int SOL_SOCKET = 1;

	static final int SO_REUSEADDR = 2;

	static final int SO_LINGER = 13;

	static final int SO_REUSEPORT = 15;

	static final int IPPROTO_TCP = 6;

	static final int TCP_NODELAY = 1;

	static final int IPPROTO_IPV6 = 41;

	static final int IPV6_V6ONLY = 26;

	static final int MSG_NOSIGNAL = 0x4000;

	static final int SHUT_WR = 1;

	/** {@code sizeof(struct sockaddr_storage)}. */
	public static final int SOCKADDR_STORAGE_SIZE = 128;

	private Sockets() {
	}

	/**
	 * Opens a non-blocking listening socket: {@code socket}, {@code SO_REUSEADDR} (and {@code SO_REUSEPORT} and
	 * {@code TCP_NODELAY} when asked), {@code bind}, {@code listen}. Linux copies {@code TCP_NODELAY} from the listener
	 * to every socket it accepts, which saves a {@code setsockopt} per connection.
	 * @return the listening fd
	 * @throws NativeIoException naming the call that failed ({@code bind} with {@code EADDRINUSE} when the address
	 * is taken)
	 */
	public static int listen(InetSocketAddress address, int backlog, boolean reusePort, boolean noDelay)
			throws NativeIoException {
		boolean ipv6 = address.getAddress().getAddress().length == 16;
		int fd = Errno.check("socket",
				Errno.result(LibC.socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)));
		try (NativeBuffer scratch = NativeBuffer.allocate(SOCKADDR_STORAGE_SIZE)) {
			setIntOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, scratch);
			if (reusePort) {
				setIntOption(fd, SOL_SOCKET, SO_REUSEPORT, 1, scratch);
			}
			if (noDelay) {
				setIntOption(fd, IPPROTO_TCP, TCP_NODELAY, 1, scratch);
			}
			if (ipv6 && address.getAddress().isAnyLocalAddress()) {
				setIntOption(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0, scratch);
			}
			int length = encode(address, scratch.view());
			Errno.check("bind", Errno.result(LibC.bind(fd, scratch.address(), length)));
			Errno.check("listen", Errno.result(LibC.listen(fd, backlog)));
			return fd;
		}
		catch (NativeIoException ex) {
			LibC.close(fd);
			throw ex;
		}
	}

	/**
	 * {@code accept4(SOCK_NONBLOCK|SOCK_CLOEXEC)}, the peer's address written into {@code peer} (a
	 * {@code sockaddr_storage} followed by a 4-byte {@code socklen_t}); retried on {@code EINTR}.
	 * @return the new fd, {@link IoResult#WOULD_BLOCK}, {@link IoResult#ABORTED}, or {@code -errno} for any other
	 * failure ({@code -EMFILE} and {@code -ENFILE} when the process or the system is out of file descriptors)
	 */
	public static int accept(int listenFd, NativeBuffer peer) {
		while (true) {
			peer.view().putInt(SOCKADDR_STORAGE_SIZE, SOCKADDR_STORAGE_SIZE);
			int fd = LibC.accept4(listenFd, peer.address(), peer.address() + SOCKADDR_STORAGE_SIZE,
					SOCK_NONBLOCK | SOCK_CLOEXEC);
			if (fd >= 0) {
				return fd;
			}
			int errno = Errno.last();
			if (errno != Errno.EINTR) {
				return IoResult.ofAccept(errno);
			}
		}
	}

	/** A buffer for {@link #accept}: a {@code sockaddr_storage} and its length. */
	public static NativeBuffer newPeerAddressBuffer() {
		return NativeBuffer.allocate(SOCKADDR_STORAGE_SIZE + 8);
	}

	/** The raw IP address (4 or 16 bytes) of a {@code sockaddr} written by {@link #accept}. */
	public static byte[] addressBytes(NativeBuffer sockaddr) {
		ByteBuffer view = sockaddr.view();
		int family = view.getShort(0);
		byte[] address = new byte[(family == AF_INET6) ? 16 : 4];
		view.get((family == AF_INET6) ? 8 : 4, address);
		return address;
	}

	/** The port of a {@code sockaddr} written by {@link #accept}. */
	public static int port(NativeBuffer sockaddr) {
		ByteBuffer view = sockaddr.view();
		return ((view.get(2) & 0xFF) << 8) | (view.get(3) & 0xFF);
	}

	/** The local address of a socket ({@code getsockname}). */
	public static InetSocketAddress localAddress(int fd) throws NativeIoException {
		try (NativeBuffer buffer = newPeerAddressBuffer()) {
			buffer.view().putInt(SOCKADDR_STORAGE_SIZE, SOCKADDR_STORAGE_SIZE);
			Errno.check("getsockname", Errno.result(
					LibC.getsockname(fd, buffer.address(), buffer.address() + SOCKADDR_STORAGE_SIZE)));
			return new InetSocketAddress(InetAddress.getByAddress(addressBytes(buffer)), port(buffer));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("getsockname returned a malformed address", ex);
		}
	}

	/**
	 * Whether {@link #read} and {@link #send} go through the JDK's own JNI ({@code "jdk"}: the JVM runs with
	 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED}) or through JNA
	 * ({@code "jna"}).
	 */
	public static String dataPathBinding() {
		return JdkSocketIo.AVAILABLE ? "jdk" : "jna";
	}

	/**
	 * {@code read(2)}, retried on {@code EINTR}.
	 * @return bytes read, 0 at end of stream, or {@link IoResult#WOULD_BLOCK}, {@link IoResult#PEER_RESET} or
	 * {@link IoResult#FAILED}
	 */
	public static long read(int fd, long address, long length) {
		if (JdkSocketIo.AVAILABLE) {
			return JdkSocketIo.read(fd, address, length);
		}
		while (true) {
			long n = LibC.read(fd, address, length);
			if (n >= 0) {
				return n;
			}
			int errno = Errno.last();
			if (errno != Errno.EINTR) {
				return IoResult.ofTransfer(errno);
			}
		}
	}

	/**
	 * {@code send(2)} with {@code MSG_NOSIGNAL}, so a closed peer gives {@code EPIPE} instead of {@code SIGPIPE};
	 * retried on {@code EINTR}.
	 * @return bytes written, or {@link IoResult#WOULD_BLOCK}, {@link IoResult#PEER_RESET} or
	 * {@link IoResult#FAILED}
	 */
	public static long send(int fd, long address, long length) {
		if (JdkSocketIo.AVAILABLE) {
			return JdkSocketIo.send(fd, address, length);
		}
		while (true) {
			long n = LibC.send(fd, address, length, MSG_NOSIGNAL);
			if (n >= 0) {
				return n;
			}
			int errno = Errno.last();
			if (errno != Errno.EINTR) {
				return IoResult.ofTransfer(errno);
			}
		}
	}

	/** {@code shutdown(SHUT_WR)}: sends FIN after what is queued. @return 0 or {@code -errno} */
	public static int shutdownOutput(int fd) {
		return Errno.result(LibC.shutdown(fd, SHUT_WR));
	}

	/** Sets {@code SO_LINGER} to {on, 0}, so that close sends a reset. @return 0 or {@code -errno} */
	public static int setLingerZero(int fd, NativeBuffer scratch) {
		scratch.view().putInt(0, 1);
		scratch.view().putInt(4, 0);
		return Errno.result(LibC.setsockopt(fd, SOL_SOCKET, SO_LINGER, scratch.address(), 8));
	}

	/**
	 * Reads {@code TCP_NODELAY} of a socket.
	 * @throws NativeIoException when {@code getsockopt} fails (not a TCP socket, closed fd)
	 */
	public static boolean noDelay(int fd, NativeBuffer scratch) throws NativeIoException {
		scratch.view().putInt(0, 0);
		scratch.view().putInt(4, 4);
		Errno.check("getsockopt", Errno.result(LibC.getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, scratch.address(),
				scratch.address() + 4)));
		return scratch.view().getInt(0) != 0;
	}

	/** {@code close(2)}; closing also removes the fd from every epoll set. @return 0 or {@code -errno} */
	public static int close(int fd) {
		return Errno.result(LibC.close(fd));
	}

	/** {@code dup(2)}: used to hold a reserve descriptor. @return the new fd or {@code -errno} */
	public static int dup(int fd) {
		return Errno.result(LibC.dup(fd));
	}

	private static void setIntOption(int fd, int level, int option, int value, NativeBuffer scratch)
			throws NativeIoException {
		scratch.view().putInt(0, value);
		Errno.check("setsockopt", Errno.result(LibC.setsockopt(fd, level, option, scratch.address(), 4)));
	}

	static int encode(InetSocketAddress address, ByteBuffer view) {
		byte[] ip = address.getAddress().getAddress();
		for (int i = 0; i < SOCKADDR_STORAGE_SIZE; i++) {
			view.put(i, (byte) 0);
		}
		view.putShort(0, (short) ((ip.length == 16) ? AF_INET6 : AF_INET));
		view.put(2, (byte) (address.getPort() >>> 8));
		view.put(3, (byte) address.getPort());
		if (ip.length == 16) {
			view.put(8, ip);
			return 28;
		}
		view.put(4, ip);
		return 16;
	}

}
