package dev.epollgateway.engine;

import static dev.epollgateway.engine.nativeio.Epoll.EPOLLERR;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLET;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLHUP;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLIN;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLONESHOT;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLOUT;
import static dev.epollgateway.engine.nativeio.Epoll.EPOLLRDHUP;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.epollgateway.engine.nativeio.Epoll;

/**
 * The one function that computes every connection's interest mask. Every {@code EPOLL_CTL_ADD} and
 * {@code EPOLL_CTL_MOD} goes through it, so no registration can lose its mode bits (a {@code MOD} that forgets
 * {@code EPOLLET} silently turns a socket level-triggered: libevent #636).
 */
final class InterestMask {

	/** Bits the kernel keeps on a oneshot registration after it fired (its "disarmed" mask). */
	static final int DISARMED_BITS = EPOLLET | EPOLLONESHOT;

	/** Bits the kernel adds to every registration: they are always reported. */
	static final int ALWAYS_REPORTED = EPOLLERR | EPOLLHUP;

	private static final int[] MODE_BITS = modeBitsByOrdinal();

	private static final Map<Integer, List<String>> NAMES = new ConcurrentHashMap<>();

	private InterestMask() {
	}

	/**
	 * The mask for a connection.
	 * @param mode the trigger mode in force
	 * @param reading whether the connection wants input ({@code EPOLLIN|EPOLLRDHUP}); false while backpressure
	 * pauses it and after its input ended, so a level-triggered {@code EPOLLRDHUP} cannot spin the loop
	 * @param writing whether it has a backlog to flush ({@code EPOLLOUT})
	 */
	static int of(TriggerMode mode, boolean reading, boolean writing) {
		int mask = 0;
		if (reading) {
			mask |= EPOLLIN | EPOLLRDHUP;
		}
		if (writing) {
			mask |= EPOLLOUT;
		}
		return mask | modeBits(mode);
	}

	/** {@code 0}, {@code EPOLLET} or {@code EPOLLET|EPOLLONESHOT}. */
	static int modeBits(TriggerMode mode) {
		// A lookup, not a switch: compiled code that has only seen LEVEL would otherwise deoptimise on the first live
		// switch, in the middle of re-arming every connection.
		return MODE_BITS[mode.ordinal()];
	}

	private static int[] modeBitsByOrdinal() {
		int[] bits = new int[TriggerMode.values().length];
		for (TriggerMode mode : TriggerMode.values()) {
			bits[mode.ordinal()] = switch (mode) {
				case LEVEL -> 0;
				case EDGE -> EPOLLET;
				case ONESHOT -> EPOLLET | EPOLLONESHOT;
			};
		}
		return bits;
	}

	/** The names of a mask's bits, an unmodifiable list shared by every caller that asks for the same mask. */
	static List<String> names(int mask) {
		// A listing asks for every connection of every page on the loop thread; a handful of masks exist.
		return NAMES.computeIfAbsent(mask, (bits) -> List.copyOf(Epoll.names(bits)));
	}

	/** The names joined with {@code |}, used to count registrations by mask. */
	static String label(int mask) {
		List<String> names = Epoll.names(mask);
		return names.isEmpty() ? "0" : String.join("|", names);
	}

}
