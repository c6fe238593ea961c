package dev.epollgateway.admin;

import dev.epollgateway.engine.AcceptDistributionSwitch;

/**
 * The answer of an accept-distribution switch.
 *
 * @param previous the distribution before: {@code REUSEPORT}, {@code SHARED} or {@code EXCLUSIVE}
 * @param current the distribution every loop has applied
 * @param loops the engine's event loops
 * @param effective false with one loop, where the three distributions are the same
 * @param switchMicros from the first loop starting the switch to the last one finishing it
 * @param detail the switch in one sentence
 */
public record AcceptDistributionView(String previous, String current, int loops, boolean effective,
		long switchMicros, String detail) {

	static AcceptDistributionView of(AcceptDistributionSwitch done) {
		String detail = done.effective()
				? "Every loop applied " + done.current().tag() + "; no listening socket was closed."
				: "With one event loop, reuseport, shared and exclusive are the same: one listener, one loop woken per"
						+ " connection; the setting takes effect with gateway.engine.loops above 1.";
		return new AcceptDistributionView(done.previous().name(), done.current().name(), done.loops(),
				done.effective(), done.switchMicros(), detail);
	}

}
