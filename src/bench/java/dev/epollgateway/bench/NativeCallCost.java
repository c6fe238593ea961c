package dev.epollgateway.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import dev.epollgateway.engine.nativeio.IoResult;
import dev.epollgateway.engine.nativeio.NativeBuffer;
import dev.epollgateway.engine.nativeio.Sockets;

/**
 * What one call into the kernel costs through the engine's JNA bindings and through {@code java.nio}'s JNI: a
 * non-blocking read of an empty loopback socket (the kernel answers {@code EAGAIN} at once), timed in alternating
 * rounds. The difference is the price of JNA's direct-mapped dispatch per call, which the echo path pays about twice
 * per message.
 * <p>
 * Run on an otherwise idle core: {@code taskset -c 0 java -cp <bench classpath>
 * dev.epollgateway.bench.NativeCallCost [calls per round]}.
 */
public final class NativeCallCost {

	private static final int ROUNDS = 7;

	private NativeCallCost() {
	}

	public static void main(String[] args) throws Exception {
		int calls = (args.length > 0) ? Integer.parseInt(args[0]) : 2_000_000;
		InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		int listenFd = Sockets.listen(loopback, 16, false, true);
		try (Socket jnaPeer = new Socket(InetAddress.getLoopbackAddress(), Sockets.localAddress(listenFd).getPort());
				NativeBuffer buffer = NativeBuffer.allocate(64);
				NativeBuffer peer = Sockets.newPeerAddressBuffer();
				ServerSocketChannel nioListener = ServerSocketChannel.open().bind(loopback);
				SocketChannel nioPeer = SocketChannel.open(nioListener.getLocalAddress());
				SocketChannel nioSide = nioListener.accept()) {
			int fd = acceptWithin(listenFd, peer);
			nioSide.configureBlocking(false);
			ByteBuffer direct = ByteBuffer.allocateDirect(64);
			double[] jna = new double[ROUNDS];
			double[] nio = new double[ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				jna[round] = jnaRead(fd, buffer, calls);
				nio[round] = nioRead(nioSide, direct, calls);
				System.out.printf("round %d: JNA read %.0f ns/call, java.nio read %.0f ns/call%n", round + 1,
						jna[round], nio[round]);
			}
			// the first rounds include the JIT's work: the median of the last five
			double jnaMedian = median(jna);
			double nioMedian = median(nio);
			System.out.printf("median of rounds 3-%d: JNA %.0f ns, java.nio %.0f ns, JNA costs %.0f ns more per call%n",
					ROUNDS, jnaMedian, nioMedian, jnaMedian - nioMedian);
			Sockets.close(fd);
		}
		finally {
			Sockets.close(listenFd);
		}
	}

	private static double jnaRead(int fd, NativeBuffer buffer, int calls) {
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			if (Sockets.read(fd, buffer.address(), 64) != IoResult.WOULD_BLOCK) {
				throw new IllegalStateException("the socket was meant to stay empty");
			}
		}
		return (System.nanoTime() - start) / (double) calls;
	}

	private static double nioRead(SocketChannel channel, ByteBuffer buffer, int calls) throws IOException {
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			buffer.clear();
			if (channel.read(buffer) != 0) {
				throw new IllegalStateException("the socket was meant to stay empty");
			}
		}
		return (System.nanoTime() - start) / (double) calls;
	}

	private static double median(double[] rounds) {
		double[] last = Arrays.copyOfRange(rounds, 2, rounds.length);
		Arrays.sort(last);
		return last[last.length / 2];
	}

	private static int acceptWithin(int listenFd, NativeBuffer peer) throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			int fd = Sockets.accept(listenFd, peer);
			if (fd >= 0) {
				return fd;
			}
			Thread.sleep(5);
		}
		throw new IllegalStateException("no connection to accept within 1 s");
	}

}
