package dev.epollgateway.admin;

import dev.epollgateway.engine.ModeSwitch;

/**
 * The answer of a trigger-mode switch.
 *
 * @param previous the mode before
 * @param current the mode now in force for every live and later connection
 * @param connectionsRearmed live connections given the new mask with {@code EPOLL_CTL_MOD}
 * @param switchMicros how long the slowest loop took to apply it
 */
public record ModeSwitchView(String previous, String current, int connectionsRearmed, long switchMicros) {

	static ModeSwitchView of(ModeSwitch modeSwitch) {
		return new ModeSwitchView(modeSwitch.previous().name(), modeSwitch.current().name(),
				modeSwitch.connectionsRearmed(), modeSwitch.switchMicros());
	}

}
