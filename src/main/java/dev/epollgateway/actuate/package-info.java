/**
 * Actuator insight into the engine: the {@code epoll} endpoint, liveness and readiness health indicators and the
 * Micrometer meters.
 */
package dev.epollgateway.actuate;
