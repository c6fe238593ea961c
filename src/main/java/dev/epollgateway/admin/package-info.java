/**
 * The REST admin API under {@code /api/v1}: connections, the engine's state and mode, the live event stream, and
 * the RFC 9457 problem details every error is answered with.
 */
package dev.epollgateway.admin;
