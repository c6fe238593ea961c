package dev.epollgateway.engine;

/**
 * A request the engine refuses because two of its settings cannot go together (a trigger mode other than level on a
 * backend other than epoll); the message names both. Nothing has changed when it is thrown.
 */
public class UnsupportedSettingException extends IllegalArgumentException {

	public UnsupportedSettingException(String message) {
		super(message);
	}

}
