package dev.epollgateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A browser's view of the console over plain HTTP: a cookie jar (session and {@code XSRF-TOKEN}), the page's
 * {@code X-Requested-With} header, and the CSRF token echoed on state-changing requests unless told otherwise.
 * Public for the benchmark's console workload ({@code src/bench/java}, compiled with the tests in the {@code bench}
 * profile), which holds a console open through it.
 * <p>
 * Threading: thread-safe (the HTTP client and the cookie jar are); streams may be read on threads of their own.
 */
public final class ConsoleSession {

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	private final String baseUrl;

	public ConsoleSession(int port) {
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		this.baseUrl = "http://127.0.0.1:" + port + "/";
	}

	/** Loads the sign-in page (which sets the CSRF cookie) and signs in; the answer's status. */
	public int signIn(String user, String password) {
		get("login.html");
		String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
		return send("POST", "login", form, "application/x-www-form-urlencoded", true).statusCode();
	}

	public HttpResponse<String> get(String path) {
		return send("GET", path, null, null, false);
	}

	/**
	 * Opens a server-sent event stream as the page's {@code EventSource} does (no {@code X-Requested-With}): the
	 * answer once its headers are in, the body to read until closed.
	 */
	public HttpResponse<InputStream> openStream(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Accept", "text/event-stream")
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
	}

	HttpResponse<String> send(String method, String path, String body, String contentType, boolean withCsrfToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("X-Requested-With", "XMLHttpRequest")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		String token = csrfToken();
		if (withCsrfToken && token != null) {
			request.header("X-XSRF-TOKEN", token);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String csrfToken() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("XSRF-TOKEN"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	boolean hasSession() {
		return this.cookies.getCookieStore().getCookies().stream().anyMatch((c) -> c.getName().equals("JSESSIONID"));
	}

}
