package dev.epollgateway.admin;

import java.time.Instant;
import java.util.List;

import dev.epollgateway.engine.query.ConnectionInfo;

/**
 * One connection as the API shows it: identity, timing, traffic, the write backlog and the epoll interest mask.
 *
 * @param id monotonic connection id, never reused
 * @param loop the event loop that owns the connection
 * @param fd the socket's file descriptor
 * @param remoteAddress the peer's IP address
 * @param remotePort the peer's port
 * @param localPort the port the connection arrived on
 * @param connectedAt when it was accepted
 * @param ageMs milliseconds since accept
 * @param idleMs milliseconds since the last byte in or out
 * @param bytesIn bytes read from the peer
 * @param bytesOut bytes echoed to the peer
 * @param reads reads that returned data
 * @param writes sends that wrote data
 * @param eagainReads reads that returned {@code EAGAIN}
 * @param eagainWrites sends that returned {@code EAGAIN}
 * @param writeBacklogBytes bytes read but not yet echoed
 * @param readingPaused whether backpressure paused reading
 * @param state {@code OPEN}, {@code HALF_CLOSED} (the peer sent FIN) or {@code CLOSING} (killed gracefully or
 * draining)
 * @param interest the bits of the registered epoll interest mask, e.g. {@code ["EPOLLIN","EPOLLRDHUP","EPOLLET"]}
 * @param interestMask the same mask as a number
 */
public record ConnectionView(long id, int loop, int fd, String remoteAddress, int remotePort, int localPort,
		Instant connectedAt, long ageMs, long idleMs, long bytesIn, long bytesOut, long reads, long writes,
		long eagainReads, long eagainWrites, long writeBacklogBytes, boolean readingPaused, ConnectionInfo.State state,
		List<String> interest,
		int interestMask) {

	static ConnectionView of(ConnectionInfo info) {
		return new ConnectionView(info.id(), info.loop(), info.fd(), info.remoteAddress(), info.remotePort(),
				info.localPort(), Instant.ofEpochMilli(info.connectedAtMillis()), info.ageMs(), info.idleMs(),
				info.bytesIn(), info.bytesOut(), info.reads(), info.writes(), info.eagainReads(), info.eagainWrites(),
				info.writeBacklogBytes(), info.readingPaused(), info.state(), info.interest(), info.interestMask());
	}

}
