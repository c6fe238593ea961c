package dev.epollgateway.config;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Access control for both ports: HTTP Basic, stateless, no CSRF (no browser session to ride on), three users.
 * <p>
 * Roles nest: ADMIN includes OPERATOR, which includes VIEWER. VIEWER reads (every GET, the OpenAPI description,
 * Actuator); OPERATOR kills connections, pauses, resumes and drains; ADMIN switches the trigger mode. Health (with
 * its liveness and readiness groups) is open for probes; everything else on both ports needs a user. 401 and 403
 * are problem details like every other error.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** Reads. */
	public static final String VIEWER = "VIEWER";

	/** Kills, pauses, resumes, drains. */
	public static final String OPERATOR = "OPERATOR";

	/** Switches the trigger mode. */
	public static final String ADMIN = "ADMIN";

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

	@Bean
	ProblemSecurityHandler problemSecurityHandler(JsonMapper jsonMapper) {
		return new ProblemSecurityHandler(jsonMapper);
	}

	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http, ProblemSecurityHandler problems) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.anyRequest()
				.hasRole(VIEWER));
		return common(http, problems);
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ProblemSecurityHandler problems) {
		http.authorizeHttpRequests((requests) -> requests
			// Error and async dispatches re-enter the chain for a request already authorized.
			.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
			.permitAll()
			.requestMatchers(HttpMethod.PUT, "/api/v1/engine/trigger-mode")
			.hasRole(ADMIN)
			.requestMatchers(HttpMethod.POST, "/api/v1/engine/pause", "/api/v1/engine/resume", "/api/v1/engine/drain",
					"/api/v1/connections/kill")
			.hasRole(OPERATOR)
			.requestMatchers(HttpMethod.DELETE, "/api/v1/connections/*")
			.hasRole(OPERATOR)
			.requestMatchers(HttpMethod.GET, "/api/v1/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
					"/swagger-ui/**")
			.hasRole(VIEWER)
			.anyRequest()
			.authenticated());
		return common(http, problems);
	}

	private static SecurityFilterChain common(HttpSecurity http, ProblemSecurityHandler problems) {
		return http.httpBasic((basic) -> basic.realmName(ProblemSecurityHandler.REALM).authenticationEntryPoint(problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.build();
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(ADMIN)
			.implies(OPERATOR)
			.role(OPERATOR)
			.implies(VIEWER)
			.build();
	}

	/**
	 * Passwords are hashed in memory. With HTTP Basic every request is checked, so the BCrypt cost is kept low: the
	 * plain text is in the configuration anyway, the hash guards only a memory dump.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder(6);
	}

	@Bean
	UserDetailsService userDetailsService(SecurityProperties properties, PasswordEncoder encoder) {
		return new InMemoryUserDetailsManager(
				user("viewer", properties.viewerPassword(), "viewer-password", VIEWER, encoder),
				user("operator", properties.operatorPassword(), "operator-password", OPERATOR, encoder),
				user("admin", properties.adminPassword(), "admin-password", ADMIN, encoder));
	}

	private static UserDetails user(String name, String password,
			String property, String role, PasswordEncoder encoder) {
		String effective = password;
		if (effective == null || effective.isBlank()) {
			effective = generatePassword();
			logger.warn("gateway.security." + property + " is not set; generated password for user '" + name + "': "
					+ effective + " (set it to choose one; this is logged only once)");
		}
		return User.withUsername(name).password(encoder.encode(effective)).roles(role).build();
	}

	private static String generatePassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
