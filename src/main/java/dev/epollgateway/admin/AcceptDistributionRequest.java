package dev.epollgateway.admin;

/**
 * The body of {@code PUT /api/v1/engine/accept-distribution}.
 *
 * @param distribution {@code reuseport}, {@code shared} or {@code exclusive}, in any case
 */
public record AcceptDistributionRequest(String distribution) {

}
