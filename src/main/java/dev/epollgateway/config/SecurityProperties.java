package dev.epollgateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code gateway.security.*} properties: the passwords of the three built-in users ({@code viewer},
 * {@code operator}, {@code admin}), for example from {@code GATEWAY_SECURITY_ADMIN_PASSWORD} or a Kubernetes
 * Secret. A user whose password is not set gets a generated one, logged once at start.
 *
 * @param viewerPassword password of {@code viewer} (role VIEWER: reads)
 * @param operatorPassword password of {@code operator} (role OPERATOR: kills, pauses, resumes, drains)
 * @param adminPassword password of {@code admin} (role ADMIN: switches the trigger mode)
 */
@ConfigurationProperties("gateway.security")
public record SecurityProperties(String viewerPassword, String operatorPassword, String adminPassword) {

	@Override
	public String toString() {
		return "SecurityProperties[passwords hidden]";
	}

}
