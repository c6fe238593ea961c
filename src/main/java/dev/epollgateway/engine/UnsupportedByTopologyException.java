package dev.epollgateway.engine;

/**
 * A live switch the shared-epoll topology cannot make (the readiness backend, the accept distribution); the message
 * names both settings. Nothing has changed when it is thrown.
 */
public class UnsupportedByTopologyException extends UnsupportedSettingException {

	public UnsupportedByTopologyException(String message) {
		super(message);
	}

}
