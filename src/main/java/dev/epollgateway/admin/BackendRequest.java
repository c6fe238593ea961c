package dev.epollgateway.admin;

/**
 * The body of {@code PUT /api/v1/engine/backend}.
 *
 * @param backend {@code epoll}, {@code poll} or {@code select}, in any case
 */
public record BackendRequest(String backend) {

}
