package dev.epollgateway.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.epollgateway.engine.EngineConfig;
import dev.epollgateway.engine.EngineStatistics;
import dev.epollgateway.engine.EpollEngine;
import dev.epollgateway.engine.ModeSwitch;
import dev.epollgateway.engine.TriggerMode;

/**
 * The gateway's engine on its own, plain Java without Spring: one loop, the given initial trigger mode, room for the
 * idle workload's 10,100 connections.
 */
final class GatewayEchoServer implements EchoServer {

	private final TriggerMode mode;

	private EpollEngine engine;

	GatewayEchoServer(TriggerMode mode) {
		this.mode = mode;
	}

	@Override
	public void start(int port) {
		EngineConfig config = EngineConfig.defaults()
			.withAddress("127.0.0.1", port)
			.withTriggerMode(this.mode)
			.withMaxConnections(19_000)
			.withTimeouts(Duration.ZERO, Duration.ofSeconds(2));
		this.engine = new EpollEngine(config);
		this.engine.start();
	}

	@Override
	public long connections() {
		return this.engine.activeConnections();
	}

	@Override
	public Map<String, Long> statistics() {
		EngineStatistics stats = this.engine.statistics();
		EngineStatistics.Syscalls sys = stats.syscalls();
		Map<String, Long> flat = new LinkedHashMap<>();
		flat.put("messages", stats.traffic().messages());
		flat.put("bytesIn", stats.traffic().bytesIn());
		flat.put("bytesOut", stats.traffic().bytesOut());
		flat.put("syscalls", sys.total());
		flat.put("epollWaits", sys.epollWaits());
		flat.put("reads", sys.reads());
		flat.put("eagainReads", sys.eagainReads());
		flat.put("writes", sys.writes());
		flat.put("eagainWrites", sys.eagainWrites());
		flat.put("shortWrites", sys.shortWrites());
		flat.put("ctlAdd", sys.ctlAdd());
		flat.put("ctlMod", sys.ctlMod());
		flat.put("ctlDel", sys.ctlDel());
		flat.put("rearms", sys.rearms());
		flat.put("accepts", sys.accepts());
		flat.put("wakeups", stats.readyList().wakeups());
		flat.put("events", stats.readyList().events());
		flat.put("readyPendingQueued", stats.readyList().readyPendingQueued());
		flat.put("backlogBytesPeak", stats.buffers().backlogBytesPeak());
		flat.put("readPauses", stats.buffers().readPauses());
		flat.put("waitNanos", stats.loopTiming().waitNanos());
		flat.put("processNanos", stats.loopTiming().processNanos());
		return flat;
	}

	@Override
	public Map<String, Long> switchMode(String target) {
		long begin = System.nanoTime();
		ModeSwitch result = this.engine.switchTriggerMode(TriggerMode.parse(target)).join();
		long wall = System.nanoTime() - begin;
		Map<String, Long> flat = new LinkedHashMap<>();
		flat.put("rearmed", (long) result.connectionsRearmed());
		flat.put("switchNanos", result.switchNanos());
		flat.put("wallNanos", wall);
		return flat;
	}

	@Override
	public void stop() {
		this.engine.stop();
	}

}
