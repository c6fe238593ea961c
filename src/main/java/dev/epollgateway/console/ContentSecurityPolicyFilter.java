package dev.epollgateway.console;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A strict {@code Content-Security-Policy} on the console's page, its sign-in page and its assets, whichever
 * security chain served them: scripts, styles and connections from this origin only, no inline script, no
 * {@code eval}, no framing. Swagger UI (which needs inline script) is left alone. Stateless, thread-safe.
 */
class ContentSecurityPolicyFilter extends OncePerRequestFilter {

	static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isConsole(request.getRequestURI().substring(request.getContextPath().length()))) {
			response.setHeader("Content-Security-Policy", POLICY);
		}
		chain.doFilter(request, response);
	}

	static boolean isConsole(String path) {
		return path.equals("/") || path.equals("/index.html") || path.equals("/login.html")
				|| path.startsWith("/console") || path.startsWith("/webjars/");
	}

}
