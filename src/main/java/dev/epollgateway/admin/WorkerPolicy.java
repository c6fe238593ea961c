package dev.epollgateway.admin;

/**
 * How the HTTP threads of both ports share a core with the event loops ({@code gateway.admin.worker-policy}).
 */
public enum WorkerPolicy {

	/**
	 * The normal Linux policy at {@code gateway.admin.worker-nice}: the admin plane gets a share of a contended core
	 * that shrinks as the nice value grows (about 10 % at nice 10 beside one busy loop), so the API stays responsive
	 * under load and the echo pays for it.
	 */
	NORMAL,

	/**
	 * {@code SCHED_IDLE}: the HTTP threads run when the loops leave the core idle, beside a minimal share, and a loop
	 * that wakes preempts them at once. The echo barely notices the API; the API, on a core the loops saturate, answers
	 * in hundreds of milliseconds. {@code gateway.admin.worker-nice} then has no effect.
	 */
	IDLE

}
