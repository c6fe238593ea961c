package dev.epollgateway.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.epollgateway.admin.GatewayClient;
import dev.epollgateway.admin.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-in over real HTTP: a form and a session beside the unchanged stateless HTTP Basic, CSRF on
 * session requests only, sign-out, the same roles, and a 401 without the browser's Basic prompt for the page's own
 * requests.
 */
class ConsoleSecurityConfigurationTests extends GatewayTestSupport {

	@Test
	void theFormSignsInWithASessionAndMeTellsTheRole() {
		ConsoleSession session = new ConsoleSession(this.apiPort);
		assertThat(session.signIn("operator", GatewayClient.OPERATOR_PASSWORD)).isEqualTo(204);
		assertThat(session.hasSession()).isTrue();
		HttpResponse<String> me = session.get("api/v1/me");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"username\":\"operator\"", "\"role\":\"OPERATOR\"", "\"canOperate\":true",
				"\"canAdminister\":false");
	}

	@Test
	void aWrongPasswordIsA401ProblemAndNoSession() {
		ConsoleSession session = new ConsoleSession(this.apiPort);
		assertThat(session.signIn("admin", "wrong")).isEqualTo(401);
		assertThat(session.get("api/v1/me").statusCode()).isEqualTo(401);
	}

	@Test
	void theSignInItselfNeedsTheCsrfToken() {
		ConsoleSession session = new ConsoleSession(this.apiPort);
		session.get("login.html");
		assertThat(session.csrfToken()).isNotBlank();
		HttpResponse<String> response = session.send("POST", "login",
				"username=admin&password=" + GatewayClient.ADMIN_PASSWORD, "application/x-www-form-urlencoded", false);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(session.get("api/v1/me").statusCode()).isEqualTo(401);
	}

	@Test
	void aSessionRequestThatChangesStateNeedsTheCsrfToken() {
		ConsoleSession session = new ConsoleSession(this.apiPort);
		assertThat(session.signIn("admin", GatewayClient.ADMIN_PASSWORD)).isEqualTo(204);
		String sameMode = "{\"mode\":\"" + this.engine.triggerMode().name().toLowerCase() + "\"}";
		HttpResponse<String> without = session.send("PUT", "api/v1/engine/trigger-mode", sameMode, "application/json",
				false);
		assertThat(without.statusCode()).isEqualTo(403);
		assertThat(without.body()).contains("\"code\":\"FORBIDDEN\"");
		session.get("api/v1/me");
		HttpResponse<String> with = session.send("PUT", "api/v1/engine/trigger-mode", sameMode, "application/json",
				true);
		assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
	}

	@Test
	void basicAuthenticatedRequestsNeedNoCsrfTokenAndGetNoSession() {
		GatewayClient.Response response = GatewayClient.operator(this.apiPort)
			.post("/api/v1/connections/kill", "{\"remote\":\"203.0.113.0/24\",\"dryRun\":true}");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void aViewerSessionIsRefusedActionsWith403() {
		ConsoleSession session = new ConsoleSession(this.apiPort);
		assertThat(session.signIn("viewer", GatewayClient.VIEWER_PASSWORD)).isEqualTo(204);
		session.get("api/v1/me");
		HttpResponse<String> response = session.send("POST", "api/v1/engine/pause", null, null, true);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"code\":\"FORBIDDEN\"");
	}

	@Test
	void signOutEndsTheSession() {
		ConsoleSession session = new ConsoleSession(this.apiPort);
		assertThat(session.signIn("viewer", GatewayClient.VIEWER_PASSWORD)).isEqualTo(204);
		session.get("api/v1/me");
		assertThat(session.send("POST", "logout", null, null, true).statusCode()).isEqualTo(204);
		assertThat(session.get("api/v1/me").statusCode()).isEqualTo(401);
	}

	@Test
	void thePagesOwnRequestsGetTheir401WithoutTheBasicChallenge() {
		HttpResponse<String> response = new ConsoleSession(this.apiPort).get("api/v1/engine");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(response.body()).contains("\"code\":\"UNAUTHORIZED\"");
	}

	@Test
	void apiClientsWithoutCredentialsStillGetTheBasicChallenge() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.apiPort + "/api/v1/engine/pause"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"epoll-gateway\"");
		assertThat(response.body()).contains("\"code\":\"UNAUTHORIZED\"");
	}

}
