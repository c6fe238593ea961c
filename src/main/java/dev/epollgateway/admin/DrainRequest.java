package dev.epollgateway.admin;

/**
 * The body of {@code POST /api/v1/engine/drain}; optional.
 *
 * @param timeoutMs how long connections may take to flush and close before the rest are force-closed; the
 * configured {@code gateway.engine.drain-timeout} when absent
 */
public record DrainRequest(Long timeoutMs) {

}
