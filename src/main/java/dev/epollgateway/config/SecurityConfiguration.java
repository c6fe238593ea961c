package dev.epollgateway.config;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.epollgateway.admin.WorkerPriority;

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
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.DisableEncodeUrlFilter;

/**
 * Access control for both ports: HTTP Basic, stateless, no CSRF (no browser session to ride on), three users. The
 * web console's page signs in with a form and a session instead, in its own chain
 * ({@code dev.epollgateway.console.ConsoleSecurityConfiguration}), under the same {@link #authorizeApi rules}.
 * <p>
 * Roles nest: ADMIN includes OPERATOR, which includes VIEWER. VIEWER reads (every GET, the OpenAPI description,
 * Actuator); OPERATOR kills connections, pauses, resumes and drains; ADMIN switches the trigger mode and the readiness backend. Health (with
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
	SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http, ProblemSecurityHandler problems,
			WorkerPriority priority) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.anyRequest()
				.hasRole(VIEWER));
		return common(http, problems, priority);
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ProblemSecurityHandler problems,
			WorkerPriority priority) {
		http.authorizeHttpRequests(SecurityConfiguration::authorizeApi);
		return common(http, problems, priority);
	}

	/**
	 * Who may do what on the API port, whichever way the caller signed in (HTTP Basic here, the console's session in
	 * its own chain): the one place the roles of the operations are written down.
	 */
	public static void authorizeApi(
			AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		requests
			// Error and async dispatches re-enter the chain for a request already authorized.
			.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
			.permitAll()
			.requestMatchers(HttpMethod.PUT, "/api/v1/engine/trigger-mode", "/api/v1/engine/backend",
					"/api/v1/engine/accept-distribution")
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
			.authenticated();
	}

	private static SecurityFilterChain common(HttpSecurity http, ProblemSecurityHandler problems,
			WorkerPriority priority) {
		// First in both chains: every request on either port lowers its worker thread's priority once.
		return http.addFilterBefore(priority.filter(), DisableEncodeUrlFilter.class)
			.httpBasic((basic) -> basic.realmName(ProblemSecurityHandler.REALM).authenticationEntryPoint(problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.build();
	}

	/**
	 * No Micrometer observations of the security filter chain, authentications and authorizations: they wrap each of
	 * the chain's filters on every request and would only feed traces this service does not export. The requests
	 * themselves are still timed ({@code http.server.requests}).
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
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
	 * Passwords are hashed in memory, salted, and checked in constant time; see {@link ConfiguredPasswordEncoder} for
	 * why not BCrypt: HTTP Basic checks every request.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new ConfiguredPasswordEncoder();
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
