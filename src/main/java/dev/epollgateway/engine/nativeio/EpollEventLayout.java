package dev.epollgateway.engine.nativeio;

import java.util.Locale;

/**
 * The layout of {@code struct epoll_event}, which differs by architecture:
 *
 * <pre>
 * typedef union epoll_data {
 *     void     *ptr;
 *     int       fd;
 *     uint32_t  u32;
 *     uint64_t  u64;
 * } epoll_data_t;
 *
 * struct epoll_event {
 *     uint32_t     events;
 *     epoll_data_t data;
 * } __EPOLL_PACKED;   // packed on x86_64 only
 * </pre>
 *
 * On x86_64 the struct is packed: 12 bytes, {@code data} at offset 4. Elsewhere (aarch64 and other 64-bit
 * architectures) {@code data} is aligned: 16 bytes, {@code data} at offset 8.
 */
public enum EpollEventLayout {

	/** x86_64 (amd64): packed. */
	X86_64(12, 4),

	/** aarch64 and other LP64 architectures: naturally aligned. */
	ALIGNED_64(16, 8);

	private final int size;

	private final int dataOffset;

	EpollEventLayout(int size, int dataOffset) {
		this.size = size;
		this.dataOffset = dataOffset;
	}

	/** {@code sizeof(struct epoll_event)}. */
	public int size() {
		return this.size;
	}

	/** {@code offsetof(struct epoll_event, events)}: always 0. */
	public int eventsOffset() {
		return 0;
	}

	/** {@code offsetof(struct epoll_event, data)}. */
	public int dataOffset() {
		return this.dataOffset;
	}

	/** The layout for a JVM {@code os.arch} value. */
	public static EpollEventLayout forArch(String osArch) {
		String arch = osArch.toLowerCase(Locale.ROOT);
		return (arch.equals("amd64") || arch.equals("x86_64")) ? X86_64 : ALIGNED_64;
	}

	/** The layout of the running JVM's architecture. */
	public static EpollEventLayout current() {
		return forArch(System.getProperty("os.arch"));
	}

}
