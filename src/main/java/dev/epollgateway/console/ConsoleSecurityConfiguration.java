package dev.epollgateway.console;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import dev.epollgateway.admin.WorkerPriority;
import dev.epollgateway.config.SecurityConfiguration;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's chain on the API port: every request that carries no HTTP Basic credentials (those keep the
 * stateless API chain, exactly as before). The page and its assets are open (they hold no data); everything else
 * follows the API's {@link SecurityConfiguration#authorizeApi rules}, signed in by the form at {@code login.html}
 * ({@code POST login}, answered 204 or a 401 problem) and kept in a session until {@code POST logout}.
 * <p>
 * CSRF: state-changing requests that ride on a session cookie, and the sign-in itself, must echo the
 * {@code XSRF-TOKEN} cookie in {@code X-XSRF-TOKEN}. A request without a session has no ambient credential to abuse
 * and is simply unauthenticated (401), as for an API client without credentials.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

	static final String REQUESTED_WITH = "X-Requested-With";

	private static final PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();

	@Bean
	@Order(0)
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http, AuthenticationEntryPoint problems,
			AccessDeniedHandler denied, WorkerPriority priority) {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> problems.commence(request,
				withoutBrowserPrompt(request, response), ex);
		RequestMatcher signIn = paths.matcher(HttpMethod.POST, "/login");
		RequestMatcher unsafe = (request) -> !(HttpMethod.GET.matches(request.getMethod())
				|| HttpMethod.HEAD.matches(request.getMethod()) || HttpMethod.OPTIONS.matches(request.getMethod()));
		http.securityMatcher(ConsoleSecurityConfiguration::withoutBasicCredentials)
			.addFilterBefore(priority.filter(), DisableEncodeUrlFilter.class)
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers(paths.matcher(HttpMethod.GET, "/"), paths.matcher(HttpMethod.GET, "/index.html"),
						paths.matcher(HttpMethod.GET, "/login.html"), paths.matcher(HttpMethod.GET, "/console"),
						paths.matcher(HttpMethod.GET, "/console/**"), paths.matcher(HttpMethod.GET, "/webjars/**"),
						paths.matcher(HttpMethod.GET, "/favicon.ico"))
					.permitAll();
				SecurityConfiguration.authorizeApi(requests);
			})
			.formLogin((form) -> form.loginPage("/login.html")
				.loginProcessingUrl("/login")
				.successHandler((request, response, authentication) -> response.setStatus(HttpStatus.NO_CONTENT.value()))
				.failureHandler((request, response, ex) -> entryPoint.commence(request, response,
						new BadCredentialsException("Wrong user name or password", ex)))
				.permitAll())
			.logout((logout) -> logout.logoutUrl("/logout")
				.logoutSuccessHandler((request, response, authentication) -> response
					.setStatus(HttpStatus.NO_CONTENT.value())))
			.csrf((csrf) -> csrf.spa()
				.requireCsrfProtectionMatcher((request) -> unsafe.matches(request)
						&& (request.getRequestedSessionId() != null || signIn.matches(request))))
			.addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(denied))
			.requestCache(AbstractHttpConfigurer::disable);
		return http.build();
	}

	/** Requests with Basic credentials stay on the API chain; the management port keeps the Actuator chain. */
	private static boolean withoutBasicCredentials(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
		return !basic && !EndpointRequest.toAnyEndpoint().matches(request);
	}

	/**
	 * The page's own requests (marked {@code X-Requested-With}) get their 401 without the Basic challenge, which
	 * would make the browser open its password dialog over the page's sign-in form.
	 */
	private static HttpServletResponse withoutBrowserPrompt(HttpServletRequest request, HttpServletResponse response) {
		if (request.getHeader(REQUESTED_WITH) == null) {
			return response;
		}
		return new HttpServletResponseWrapper(response) {

			@Override
			public void setHeader(String name, String value) {
				if (!HttpHeaders.WWW_AUTHENTICATE.equalsIgnoreCase(name)) {
					super.setHeader(name, value);
				}
			}

			@Override
			public void addHeader(String name, String value) {
				if (!HttpHeaders.WWW_AUTHENTICATE.equalsIgnoreCase(name)) {
					super.addHeader(name, value);
				}
			}

		};
	}

	/**
	 * Loads the deferred CSRF token on every request of the chain, so that its cookie exists before the page's first
	 * state-changing request (the sign-in included). Thread-safe (stateless).
	 */
	static final class CsrfCookieFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
			if (token != null) {
				token.getToken();
			}
			chain.doFilter(request, response);
		}

	}

}
