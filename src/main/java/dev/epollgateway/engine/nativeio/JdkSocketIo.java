package dev.epollgateway.engine.nativeio;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The echo path's {@code read} and {@code write} through the JDK's own JNI entry points
 * ({@code sun.nio.ch.SocketDispatcher.read0}, {@code sun.nio.ch.FileDispatcherImpl.write0}, which {@code java.nio}'s
 * socket channels call), instead of JNA: a JNA call passes through libffi twice (JNI lands in a closure, which calls
 * the function with {@code ffi_call}) and stores errno in a thread-local, about 250 ns more per call than the JDK's
 * JNI (bench/README.md, "Where the time goes").
 * <p>
 * Available only when the JVM opens {@code java.base/sun.nio.ch} and {@code java.base/java.io} to this code
 * ({@code --add-opens}); otherwise {@link #AVAILABLE} is false and {@link Sockets} stays on JNA. The JDK's calls
 * report {@code EAGAIN} and {@code EINTR} as status codes and every other failure as an {@link IOException} whose
 * message is {@code strerror}'s text; the peer's reset and a broken pipe are told from the rest by that text.
 * {@code write(2)} raises {@code SIGPIPE} on a closed peer where {@code send(MSG_NOSIGNAL)} does not; HotSpot ignores
 * {@code SIGPIPE}, as {@code java.nio} relies on.
 * <p>
 * Threading: stateless but for the table of {@link FileDescriptor}s, one per fd number, created on first use and
 * never changed (an fd number means the same to every thread), published with release/acquire.
 */
final class JdkSocketIo {

	/** {@code sun.nio.ch.IOStatus}: end of stream, would block, interrupted. */
	private static final int IOS_EOF = -1;

	private static final int IOS_UNAVAILABLE = -2;

	private static final int IOS_INTERRUPTED = -3;

	static final boolean AVAILABLE;

	private static final MethodHandle READ;

	private static final MethodHandle WRITE;

	private static final VarHandle FD;

	private static final String RESET_TEXT;

	private static final String BROKEN_PIPE_TEXT;

	private static volatile AtomicReferenceArray<FileDescriptor> descriptors = new AtomicReferenceArray<>(1024);

	static {
		MethodHandle read = null;
		MethodHandle write = null;
		VarHandle fd = null;
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MethodType type = MethodType.methodType(int.class, FileDescriptor.class, long.class, int.class);
			read = MethodHandles.privateLookupIn(Class.forName("sun.nio.ch.SocketDispatcher"), lookup)
				.findStatic(Class.forName("sun.nio.ch.SocketDispatcher"), "read0", type);
			write = MethodHandles.privateLookupIn(Class.forName("sun.nio.ch.FileDispatcherImpl"), lookup)
				.findStatic(Class.forName("sun.nio.ch.FileDispatcherImpl"), "write0", type);
			fd = MethodHandles.privateLookupIn(FileDescriptor.class, lookup)
				.findVarHandle(FileDescriptor.class, "fd", int.class);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// Not opened to us (no --add-opens), or another JDK's internals: JNA it is.
			read = null;
		}
		AVAILABLE = read != null;
		READ = read;
		WRITE = write;
		FD = fd;
		RESET_TEXT = AVAILABLE ? LibC.strerror(Errno.ECONNRESET) : null;
		BROKEN_PIPE_TEXT = AVAILABLE ? LibC.strerror(Errno.EPIPE) : null;
	}

	private JdkSocketIo() {
	}

	/** As {@link Sockets#read}. */
	static long read(int fd, long address, long length) {
		FileDescriptor descriptor = descriptor(fd);
		int len = (int) Math.min(length, Integer.MAX_VALUE);
		while (true) {
			int n;
			try {
				n = (int) READ.invokeExact(descriptor, address, len);
			}
			catch (IOException ex) {
				return failure(ex);
			}
			catch (Throwable ex) {
				throw new IllegalStateException("read0 failed", ex);
			}
			if (n >= 0) {
				return n;
			}
			if (n == IOS_EOF) {
				return 0;
			}
			if (n != IOS_INTERRUPTED) {
				return (n == IOS_UNAVAILABLE) ? IoResult.WOULD_BLOCK : IoResult.FAILED;
			}
		}
	}

	/** As {@link Sockets#send}, with {@code write(2)}. */
	static long send(int fd, long address, long length) {
		FileDescriptor descriptor = descriptor(fd);
		int len = (int) Math.min(length, Integer.MAX_VALUE);
		while (true) {
			int n;
			try {
				n = (int) WRITE.invokeExact(descriptor, address, len);
			}
			catch (IOException ex) {
				return failure(ex);
			}
			catch (Throwable ex) {
				throw new IllegalStateException("write0 failed", ex);
			}
			if (n >= 0) {
				return n;
			}
			if (n != IOS_INTERRUPTED) {
				return (n == IOS_UNAVAILABLE) ? IoResult.WOULD_BLOCK : IoResult.FAILED;
			}
		}
	}

	private static int failure(IOException ex) {
		// SocketDispatcher.read0 throws sun.net.ConnectionResetException for ECONNRESET and EPIPE; write0 throws an
		// IOException carrying strerror's text.
		String message = ex.getMessage();
		boolean reset = ex.getClass().getName().equals("sun.net.ConnectionResetException")
				|| (message != null && (message.equals(RESET_TEXT) || message.equals(BROKEN_PIPE_TEXT)));
		return reset ? IoResult.PEER_RESET : IoResult.FAILED;
	}

	private static FileDescriptor descriptor(int fd) {
		AtomicReferenceArray<FileDescriptor> table = descriptors;
		if (fd < table.length()) {
			FileDescriptor descriptor = table.getAcquire(fd);
			if (descriptor != null) {
				return descriptor;
			}
		}
		return create(fd);
	}

	private static synchronized FileDescriptor create(int fd) {
		AtomicReferenceArray<FileDescriptor> table = descriptors;
		if (fd >= table.length()) {
			AtomicReferenceArray<FileDescriptor> larger = new AtomicReferenceArray<>(Math.max(fd + 1,
					table.length() * 2));
			for (int i = 0; i < table.length(); i++) {
				larger.setPlain(i, table.getAcquire(i));
			}
			descriptors = larger;
			table = larger;
		}
		FileDescriptor descriptor = table.getAcquire(fd);
		if (descriptor == null) {
			descriptor = new FileDescriptor();
			FD.set(descriptor, fd);
			table.setRelease(fd, descriptor);
		}
		return descriptor;
	}

}
