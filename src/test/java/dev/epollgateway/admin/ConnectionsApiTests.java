package dev.epollgateway.admin;

import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Listing and killing real connections over HTTP: what the API shows is what a real client did, a kill does to the
 * client what its mode promises, and paging sees every connection exactly once.
 */
class ConnectionsApiTests extends GatewayTestSupport {

	@Test
	void aListedConnectionMatchesARealClient() throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			client.echoAndCheck(1000);
			client.echoAndCheck(3000);
			JsonNode listed = findByClientPort(client.localPort());
			assertThat(listed.path("remoteAddress").asString()).isEqualTo("127.0.0.1");
			assertThat(listed.path("remotePort").asInt()).isEqualTo(client.localPort());
			assertThat(listed.path("localPort").asInt()).isEqualTo(echoPort());
			assertThat(listed.path("bytesIn").asLong()).isEqualTo(4000);
			assertThat(listed.path("bytesOut").asLong()).isEqualTo(4000);
			assertThat(listed.path("reads").asLong()).isGreaterThanOrEqualTo(2);
			assertThat(listed.path("writes").asLong()).isGreaterThanOrEqualTo(2);
			assertThat(listed.path("writeBacklogBytes").asLong()).isZero();
			assertThat(listed.path("readingPaused").asBoolean()).isFalse();
			assertThat(listed.path("fd").asInt()).isPositive();
			assertThat(listed.path("connectedAt").asString()).isNotBlank();
			assertThat(strings(listed.path("interest"))).contains("EPOLLIN", "EPOLLRDHUP");

			long id = listed.path("id").asLong();
			GatewayClient.Response one = viewer().get("/api/v1/connections/" + id);
			assertThat(one.status()).as("%s", one).isEqualTo(200);
			assertThat(one.json().path("remotePort").asInt()).isEqualTo(client.localPort());
			assertThat(one.json().path("bytesIn").asLong()).isEqualTo(4000);

			GatewayClient.Response filtered = viewer()
				.get("/api/v1/connections?remote=127.0.0.0/8&minAgeMs=0&limit=1000");
			assertThat(ids(filtered.json())).contains(id);
			GatewayClient.Response elsewhere = viewer().get("/api/v1/connections?remote=192.0.2.0/24");
			assertThat(elsewhere.json().path("matched").asLong()).isZero();
			assertThat(elsewhere.json().path("items").size()).isZero();
		}
	}

	@Test
	void gracefulKillGivesTheClientEofAbortGivesAResetAndOthersKeepEchoing() throws IOException {
		try (EchoClient graceful = EchoClient.connect(echoPort());
				EchoClient abort = EchoClient.connect(echoPort());
				EchoClient bystander = EchoClient.connect(echoPort())) {
			graceful.echoAndCheck(100);
			abort.echoAndCheck(100);
			bystander.echoAndCheck(100);
			long gracefulId = findByClientPort(graceful.localPort()).path("id").asLong();
			long abortId = findByClientPort(abort.localPort()).path("id").asLong();

			GatewayClient.Response killedGracefully = operator().delete("/api/v1/connections/" + gracefulId);
			assertThat(killedGracefully.status()).as("%s", killedGracefully).isEqualTo(202);
			assertThat(graceful.readOnce()).as("the gracefully killed client reads EOF").isEqualTo(-1);

			GatewayClient.Response aborted = operator().delete("/api/v1/connections/" + abortId + "?mode=abort");
			assertThat(aborted.status()).as("%s", aborted).isEqualTo(204);
			assertThatExceptionOfType(SocketException.class).as("the aborted client sees a reset")
				.isThrownBy(abort::readOnce)
				.withMessageContaining("reset");
			assertThat(viewer().get("/api/v1/connections/" + abortId).status()).isEqualTo(404);

			bystander.echoAndCheck(256 * 1024);
			for (int i = 0; i < 20; i++) {
				bystander.echoAndCheck(1 + i * 997);
			}
		}
	}

	@Test
	void killByFilterCountsOnADryRunAndKillsOnlyWhatMatches() throws IOException {
		// A client from 127.0.0.2 is the only one a remote=127.0.0.2/32 filter matches.
		try (EchoClient target = EchoClient.connectFrom("127.0.0.2", echoPort());
				EchoClient bystander = EchoClient.connect(echoPort())) {
			target.echoAndCheck(10);
			bystander.echoAndCheck(10);

			GatewayClient.Response dryRun = operator().post("/api/v1/connections/kill",
					"{\"remote\":\"127.0.0.2/32\",\"dryRun\":true,\"mode\":\"abort\"}");
			assertThat(dryRun.status()).as("%s", dryRun).isEqualTo(200);
			assertThat(dryRun.json().path("dryRun").asBoolean()).isTrue();
			assertThat(dryRun.json().path("matched").asLong()).isEqualTo(1);
			assertThat(dryRun.json().path("killed").asLong()).isZero();
			target.echoAndCheck(10);

			GatewayClient.Response listed = viewer().get("/api/v1/connections?remote=127.0.0.2");
			assertThat(listed.json().path("matched").asLong()).isEqualTo(1);
			assertThat(listed.json().path("items").get(0).path("remotePort").asInt()).isEqualTo(target.localPort());

			GatewayClient.Response killed = operator().post("/api/v1/connections/kill",
					"{\"remote\":\"127.0.0.2/32\",\"mode\":\"abort\"}");
			assertThat(killed.status()).as("%s", killed).isEqualTo(200);
			assertThat(killed.json().path("dryRun").asBoolean()).isFalse();
			assertThat(killed.json().path("matched").asLong()).isEqualTo(1);
			assertThat(killed.json().path("killed").asLong()).isEqualTo(1);
			assertThatExceptionOfType(SocketException.class).isThrownBy(target::readOnce);
			bystander.echoAndCheck(64 * 1024);
		}
	}

	@Test
	void pagingThroughTwoThousandConnectionsSeesEveryIdExactlyOnce() throws IOException {
		List<EchoClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 2000; i++) {
				clients.add(EchoClient.connect(echoPort()));
			}
			Set<Integer> ours = new HashSet<>();
			clients.forEach((client) -> ours.add(client.localPort()));
			await().until(() -> this.engine.activeConnections() >= 2000);
			for (String sort : new String[] { "id", "-bytesIn", "ageMs" }) {
				Map<Integer, Integer> seenPorts = new HashMap<>();
				Set<Long> seenIds = new HashSet<>();
				String cursor = null;
				int pages = 0;
				do {
					String path = "/api/v1/connections?limit=333&sort=" + sort
							+ ((cursor != null) ? "&cursor=" + cursor : "");
					GatewayClient.Response page = viewer().get(path);
					assertThat(page.status()).as("%s", page).isEqualTo(200);
					JsonNode body = page.json();
					assertThat(body.path("items").size()).isLessThanOrEqualTo(333);
					for (JsonNode item : body.path("items")) {
						assertThat(seenIds.add(item.path("id").asLong())).as("id %s seen twice (sort %s)",
								item.path("id"), sort).isTrue();
						seenPorts.merge(item.path("remotePort").asInt(), 1, Integer::sum);
					}
					cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asString(null);
					pages++;
				}
				while (cursor != null && pages < 100);
				assertThat(cursor).as("paging ended (sort %s)", sort).isNull();
				assertThat(seenPorts.keySet()).as("sort %s", sort).containsAll(ours);
				for (int port : ours) {
					assertThat(seenPorts.get(port)).as("client port %d (sort %s)", port, sort).isEqualTo(1);
				}
				assertThat(pages).isGreaterThanOrEqualTo(7);
			}
		}
		finally {
			for (EchoClient client : clients) {
				client.close();
			}
		}
	}

	private JsonNode findByClientPort(int clientPort) {
		String cursor = null;
		do {
			GatewayClient.Response page = viewer().get("/api/v1/connections?remote=127.0.0.1&limit=1000"
					+ ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as("%s", page).isEqualTo(200);
			for (JsonNode item : page.json().path("items")) {
				if (item.path("remotePort").asInt() == clientPort) {
					return item;
				}
			}
			JsonNode next = page.json().path("nextCursor");
			cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
		}
		while (cursor != null);
		throw new AssertionError("No listed connection from client port " + clientPort);
	}

	private static Set<Long> ids(JsonNode page) {
		Set<Long> ids = new HashSet<>();
		page.path("items").forEach((item) -> ids.add(item.path("id").asLong()));
		return ids;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

}
