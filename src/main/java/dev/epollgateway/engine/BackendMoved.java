package dev.epollgateway.engine;

/**
 * What one loop did for a backend switch.
 * @param backend the backend the loop waits with afterwards
 * @param moved live connections registered with the new backend
 * @param unwatchable fds the new backend could not watch (the loop did not move when there are any)
 * @param nanos how long the loop spent on it
 */
record BackendMoved(BackendKind backend, int moved, int unwatchable, long nanos) {
}
