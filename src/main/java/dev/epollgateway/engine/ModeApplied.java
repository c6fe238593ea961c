package dev.epollgateway.engine;

/**
 * What one loop did for a trigger-mode switch.
 * @param rearmed live connections now carrying the new mode
 * @param nanos how long the loop spent on it
 */
record ModeApplied(int rearmed, long nanos) {
}
