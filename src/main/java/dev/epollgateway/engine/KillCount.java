package dev.epollgateway.engine;

/**
 * What a kill by filter did, on one loop or summed over several.
 * @param matched connections that matched the filter
 * @param killed connections killed (none on a dry run)
 */
record KillCount(long matched, long killed) {

	KillCount plus(KillCount other) {
		return new KillCount(this.matched + other.matched, this.killed + other.killed);
	}

}
