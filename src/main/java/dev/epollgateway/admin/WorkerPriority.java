package dev.epollgateway.admin;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.epollgateway.engine.ThreadScheduling;

/**
 * Runs the admin plane below the data plane: the first time an HTTP worker thread (of the API port or the Actuator
 * port) serves a request, its Linux nice value is raised to {@code gateway.admin.worker-nice}, or with
 * {@code gateway.admin.worker-policy=idle} it moves to {@code SCHED_IDLE}, so when a listing and the event loops
 * compete for one core, the loops win. Threads a worker starts inherit its nice value and policy (the event stream's
 * sender threads do).
 * <p>
 * Only ever lowers the thread's priority, and only on the calling thread: a thread already at that nice value or
 * above is left alone, the loop threads and the main thread are never touched. If the kernel refuses (a seccomp
 * profile, a missing {@code setpriority} or {@code sched_setscheduler}), the request is served anyway and one WARN is
 * logged. Thread-safe; sits in the security filter chain, which both ports run ({@link #filter()}).
 */
public class WorkerPriority {

	private static final Log logger = LogFactory.getLog(WorkerPriority.class);

	private final int nice;

	private final WorkerPolicy policy;

	private final ThreadLocal<Boolean> applied = ThreadLocal.withInitial(this::apply);

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * @param nice the nice value for worker threads under {@link WorkerPolicy#NORMAL}, 0 (leave them alone) to 19
	 * @param policy the worker threads' scheduling policy
	 */
	public WorkerPriority(int nice, WorkerPolicy policy) {
		this.nice = ThreadScheduling.requireNice(nice);
		this.policy = Objects.requireNonNull(policy, "policy");
	}

	/** The configured nice value. */
	public int nice() {
		return this.nice;
	}

	/** The configured policy. */
	public WorkerPolicy policy() {
		return this.policy;
	}

	/**
	 * Raises the calling thread's nice value to the configured one, or moves it to {@code SCHED_IDLE}, once per
	 * thread.
	 * @return whether the thread now runs at that priority or lower
	 */
	public boolean applyToCurrentThread() {
		return (this.nice == 0 && this.policy == WorkerPolicy.NORMAL) || this.applied.get();
	}

	/**
	 * A servlet filter that applies the priority to the thread serving each request. It is not a bean (Spring Boot
	 * would register a {@code Filter} bean on the API port only): the security filter chain, which both ports run,
	 * adds it.
	 */
	public Filter filter() {
		return new PriorityFilter(this);
	}

	private Boolean apply() {
		try {
			if (this.policy == WorkerPolicy.IDLE) {
				ThreadScheduling.idleCurrentThread();
			}
			else {
				ThreadScheduling.lowerCurrentThreadToNice(this.nice);
			}
			return Boolean.TRUE;
		}
		catch (IOException | LinkageError ex) {
			if (this.warned.compareAndSet(false, true)) {
				String setting = (this.policy == WorkerPolicy.IDLE) ? "gateway.admin.worker-policy=idle"
						: "gateway.admin.worker-nice=" + this.nice;
				logger.warn("Could not lower the priority of the HTTP threads (" + setting + "): " + ex.getMessage()
						+ "; they keep the event loops' priority");
			}
			return Boolean.FALSE;
		}
	}

	private static final class PriorityFilter implements Filter {

		private final WorkerPriority priority;

		PriorityFilter(WorkerPriority priority) {
			this.priority = priority;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			this.priority.applyToCurrentThread();
			chain.doFilter(request, response);
		}

	}

}
