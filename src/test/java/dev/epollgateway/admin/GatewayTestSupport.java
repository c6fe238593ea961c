package dev.epollgateway.admin;

import dev.epollgateway.engine.EpollEngine;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole service on random ports: the real engine on loopback, the admin API and Actuator over real HTTP. Every
 * subclass shares one application context (same configuration), so tests must leave the engine running and
 * accepting, and must not count on being alone: they find their own connections by their client port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "gateway.engine.host=127.0.0.1", "gateway.engine.port=0", "management.server.port=0",
				"gateway.security.viewer-password=" + GatewayClient.VIEWER_PASSWORD,
				"gateway.security.operator-password=" + GatewayClient.OPERATOR_PASSWORD,
				"gateway.security.admin-password=" + GatewayClient.ADMIN_PASSWORD })
public abstract class GatewayTestSupport {

	@LocalServerPort
	protected int apiPort;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected EpollEngine engine;

	protected int echoPort() {
		return this.engine.localAddress().getPort();
	}

	protected GatewayClient viewer() {
		return GatewayClient.viewer(this.apiPort);
	}

	protected GatewayClient operator() {
		return GatewayClient.operator(this.apiPort);
	}

	protected GatewayClient admin() {
		return GatewayClient.admin(this.apiPort);
	}

	protected GatewayClient actuator() {
		return GatewayClient.viewer(this.managementPort);
	}

}
