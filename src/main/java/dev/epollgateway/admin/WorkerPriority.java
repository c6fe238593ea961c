package dev.epollgateway.admin;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.epollgateway.engine.nativeio.NativeIoException;
import dev.epollgateway.engine.nativeio.ThreadPriority;

/**
 * Runs the admin plane below the data plane: the first time an HTTP worker thread (of the API port or the Actuator
 * port) serves a request, its Linux nice value is raised to {@code gateway.admin.worker-nice}, so when a listing and
 * the event loops compete for one core, the loops win. Threads a worker starts inherit its nice value (the event
 * stream's sender threads do).
 * <p>
 * Only ever raises the value, and only on the calling thread: a thread already at that value or above is left alone,
 * the loop threads and the main thread are never touched. If the kernel refuses (a seccomp profile, a missing
 * {@code setpriority}), the request is served anyway and one WARN is logged. Thread-safe; sits in the security filter
 * chain, which both ports run ({@link #filter()}).
 */
public class WorkerPriority {

	private static final Log logger = LogFactory.getLog(WorkerPriority.class);

	private final int nice;

	private final ThreadLocal<Boolean> applied = ThreadLocal.withInitial(this::apply);

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * @param nice the nice value for worker threads, 0 (leave them alone) to 19
	 */
	public WorkerPriority(int nice) {
		this.nice = ThreadPriority.requireNice(nice);
	}

	/** The configured nice value. */
	public int nice() {
		return this.nice;
	}

	/**
	 * Raises the calling thread's nice value to the configured one, once per thread.
	 * @return whether the thread now runs at that value or lower priority
	 */
	public boolean applyToCurrentThread() {
		return (this.nice == 0) || this.applied.get();
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
			if (ThreadPriority.currentThreadNice() < this.nice) {
				ThreadPriority.setCurrentThreadNice(this.nice);
			}
			return Boolean.TRUE;
		}
		catch (NativeIoException | LinkageError ex) {
			if (this.warned.compareAndSet(false, true)) {
				logger.warn("Could not lower the priority of the HTTP threads (gateway.admin.worker-nice="
						+ this.nice + "): " + ex.getMessage() + "; they keep the event loops' priority");
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
