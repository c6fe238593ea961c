package dev.epollgateway.admin;

import java.security.Principal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of every change made through the admin API, on the {@code dev.epollgateway.audit} logger: one INFO
 * line per change, its sentence as the message ("admin switched the trigger mode LEVEL -> EDGE ...") and its parts
 * as key-value pairs ({@code user}, {@code action}, {@code target}, {@code result}), which Spring Boot's structured
 * console formats ({@code logging.structured.format.console: ecs} or {@code logstash}) write as JSON fields, so a log
 * collector can filter on them.
 * <p>
 * Stateless and thread-safe: called on the HTTP threads.
 */
final class AuditLog {

	/** The logger's name, stable for operators' logging configuration. */
	static final String LOGGER_NAME = "dev.epollgateway.audit";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	/**
	 * Logs one change.
	 * @param user who asked
	 * @param action what was done, a stable kebab-case verb ({@code kill-connection}, {@code switch-trigger-mode})
	 * @param target what it was done to ({@code connection 17}, {@code engine}, a kill filter)
	 * @param result how it ended ({@code killed}, {@code LEVEL -> EDGE}, {@code 3 of 5 killed})
	 * @param sentence the message after the user's name, as a person reads it
	 */
	void record(Principal user, String action, String target, String result, String sentence) {
		logger.atInfo()
			.addKeyValue("user", user.getName())
			.addKeyValue("action", action)
			.addKeyValue("target", target)
			.addKeyValue("result", result)
			.log(user.getName() + " " + sentence);
	}

}
