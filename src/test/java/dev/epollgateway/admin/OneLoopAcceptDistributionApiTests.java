package dev.epollgateway.admin;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one loop (the default) the accept distributions are the same, and the switch's answer says so.
 */
class OneLoopAcceptDistributionApiTests extends GatewayTestSupport {

	@Test
	void withOneLoopTheAnswerSaysTheDistributionsAreTheSame() throws IOException {
		try (EchoClient client = EchoClient.connect(echoPort())) {
			GatewayClient.Response response = admin().put("/api/v1/engine/accept-distribution",
					"{\"distribution\":\"exclusive\"}");
			try {
				assertThat(response.status()).as("%s", response).isEqualTo(200);
				assertThat(response.json().path("loops").asInt()).isEqualTo(1);
				assertThat(response.json().path("effective").asBoolean()).isFalse();
				assertThat(response.json().path("detail").asString()).contains("are the same");
				client.echoAndCheck(100);
			}
			finally {
				assertThat(admin().put("/api/v1/engine/accept-distribution", "{\"distribution\":\"reuseport\"}")
					.status()).isEqualTo(200);
			}
		}
	}

}
