package dev.epollgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * epoll-gateway: a Linux epoll TCP echo engine with a REST admin plane.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EpollGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(EpollGatewayApplication.class, args);
	}

}
