package dev.epollgateway.engine.query;

/**
 * The outcome of a kill by filter.
 *
 * @param matched connections the filter matched
 * @param killed connections that were killed (0 on a dry run, at most the requested maximum)
 * @param dryRun whether nothing was killed on purpose
 */
public record KillResult(long matched, long killed, boolean dryRun) {
}
