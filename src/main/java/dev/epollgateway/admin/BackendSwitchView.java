package dev.epollgateway.admin;

import dev.epollgateway.engine.BackendSwitch;

/**
 * The answer of a readiness-backend switch.
 *
 * @param previous the backend before: {@code EPOLL}, {@code POLL} or {@code SELECT}
 * @param current the backend every loop waits with now
 * @param connectionsMoved live connections registered with the new backend (0 when it was in force already)
 * @param switchMicros how long the slowest loop took to move
 */
public record BackendSwitchView(String previous, String current, int connectionsMoved, long switchMicros) {

	static BackendSwitchView of(BackendSwitch backendSwitch) {
		return new BackendSwitchView(backendSwitch.previous().name(), backendSwitch.current().name(),
				backendSwitch.connectionsMoved(), backendSwitch.switchMicros());
	}

}
