package dev.epollgateway.engine.nativeio;

/**
 * Steers the connections of a {@code SO_REUSEPORT} group with a classic BPF program ({@code SO_ATTACH_REUSEPORT_CBPF},
 * Linux 4.5 for UDP, 4.6 for TCP). The program runs for every new connection; its return value is an index into the
 * group's sockets, in the order they joined it (the first listener to {@code listen} is index 0, and stays index 0
 * while it is open: closing a member moves the last one into its slot). An index outside the group makes the kernel
 * fall back to its hash, exactly as if no program were attached.
 *
 * <pre>
 * struct sock_filter {   // 8 bytes
 *     __u16 code;        // offset 0: BPF_RET | BPF_K = 0x06
 *     __u8  jt;          // offset 2
 *     __u8  jf;          // offset 3
 *     __u32 k;           // offset 4: the value returned
 * };
 *
 * struct sock_fprog {            // 16 bytes on LP64
 *     unsigned short      len;   // offset 0: number of instructions
 *     struct sock_filter *filter; // offset 8 (aligned)
 * };
 * </pre>
 *
 * The kernel copies the program during {@code setsockopt}, so the native memory is freed right after the call. The
 * program belongs to the group, not to the socket it was set through.
 * <p>
 * Threading: stateless system calls; any thread, as long as the fd stays open during the call.
 */
public final class ReuseportSteering {

	static final int SO_ATTACH_REUSEPORT_CBPF = 51;

	static final int SO_DETACH_REUSEPORT_BPF = 68;

	static final int ENOPROTOOPT = 92;

	/** {@code BPF_RET | BPF_K}: return the constant {@code k}. */
	static final short BPF_RET_K = 0x06;

	static final int SOCK_FILTER_SIZE = 8;

	static final int SOCK_FPROG_SIZE = 16;

	static final int SOCK_FPROG_FILTER_OFFSET = 8;

	/** An index no group reaches: the kernel's hash decides. */
	static final int NO_INDEX = 0xFFFF_FFFF;

	private ReuseportSteering() {
	}

	/**
	 * Attaches {@code ret #0}: every new connection of the group goes to its first listener.
	 * @throws NativeIoException when the socket is not in a {@code SO_REUSEPORT} group ({@code EINVAL}) or the call
	 * fails otherwise
	 */
	public static void steerToFirst(int fd) throws NativeIoException {
		Errno.check("setsockopt(SO_ATTACH_REUSEPORT_CBPF)", attachReturning(fd, 0));
	}

	/**
	 * Gives the group back to the kernel's hash: {@code SO_DETACH_REUSEPORT_BPF} (Linux 5.3), or on an older kernel a
	 * program returning an index outside the group, which the kernel treats as no answer.
	 * @throws NativeIoException when both fail
	 */
	public static void spreadByHash(int fd) throws NativeIoException {
		try (NativeBuffer unused = NativeBuffer.allocate(4)) {
			int rc = Errno.result(LibC.setsockopt(fd, Sockets.SOL_SOCKET, SO_DETACH_REUSEPORT_BPF, unused.address(), 4));
			if (rc == 0 || rc == -Errno.ENOENT) {
				// ENOENT: no program was attached, which is the state asked for.
				return;
			}
			if (rc != -ENOPROTOOPT) {
				throw Errno.exception("setsockopt(SO_DETACH_REUSEPORT_BPF)", -rc);
			}
		}
		Errno.check("setsockopt(SO_ATTACH_REUSEPORT_CBPF)", attachReturning(fd, NO_INDEX));
	}

	private static int attachReturning(int fd, int index) {
		try (NativeBuffer program = NativeBuffer.allocate(SOCK_FILTER_SIZE);
				NativeBuffer fprog = NativeBuffer.allocate(SOCK_FPROG_SIZE)) {
			program.view().putShort(0, BPF_RET_K);
			program.view().put(2, (byte) 0);
			program.view().put(3, (byte) 0);
			program.view().putInt(4, index);
			fprog.view().putShort(0, (short) 1);
			fprog.view().putLong(SOCK_FPROG_FILTER_OFFSET, program.address());
			return Errno.result(LibC.setsockopt(fd, Sockets.SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, fprog.address(),
					SOCK_FPROG_SIZE));
		}
	}

}
