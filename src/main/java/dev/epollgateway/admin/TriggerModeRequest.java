package dev.epollgateway.admin;

/**
 * The body of {@code PUT /api/v1/engine/trigger-mode}.
 *
 * @param mode {@code level}, {@code edge} or {@code oneshot}, in any case
 */
public record TriggerModeRequest(String mode) {

}
