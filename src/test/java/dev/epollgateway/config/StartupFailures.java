package dev.epollgateway.config;

/**
 * The messages of a failed start, for tests that expect a bad property to be named: Spring Boot wraps the binding
 * or validation error in several causes, and the name may sit in any of them.
 */
public final class StartupFailures {

	private StartupFailures() {
	}

	/** The messages of the failure and of every cause, one per line. */
	public static String fullMessage(Throwable failure) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			message.append(cause.getMessage()).append('\n');
		}
		return message.toString();
	}

}
