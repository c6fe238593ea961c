package dev.epollgateway.console;

import java.util.List;

import dev.epollgateway.config.SecurityConfiguration;

/**
 * The signed-in user as the page sees it.
 *
 * @param username the user's name
 * @param role the highest role held: {@code ADMIN}, {@code OPERATOR} or {@code VIEWER}
 * @param canOperate whether kills, pause, resume and drain are allowed
 * @param canAdminister whether the trigger mode may be switched
 */
public record MeView(String username, String role, boolean canOperate, boolean canAdminister) {

	static MeView of(String username, List<String> roles) {
		String role = roles.contains(SecurityConfiguration.ADMIN) ? SecurityConfiguration.ADMIN
				: roles.contains(SecurityConfiguration.OPERATOR) ? SecurityConfiguration.OPERATOR
						: SecurityConfiguration.VIEWER;
		boolean admin = role.equals(SecurityConfiguration.ADMIN);
		return new MeView(username, role, admin || role.equals(SecurityConfiguration.OPERATOR), admin);
	}

}
