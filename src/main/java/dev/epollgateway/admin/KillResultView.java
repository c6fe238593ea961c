package dev.epollgateway.admin;

/**
 * The answer of a kill by filter.
 *
 * @param matched connections the filter matched
 * @param killed connections killed (0 on a dry run)
 * @param dryRun whether nothing was killed on purpose
 */
public record KillResultView(long matched, long killed, boolean dryRun) {

}
