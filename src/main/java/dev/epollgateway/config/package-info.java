/**
 * Spring wiring: configuration properties, the engine's life cycle, security.
 */
package dev.epollgateway.config;
