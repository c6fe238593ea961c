package dev.epollgateway.admin;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code gateway.admin.*} properties.
 *
 * @param engineCallTimeout how long an API request waits for the engine's loops before answering 503: a stuck loop
 * must never hold an HTTP thread for ever
 * @param eventQueueCapacity events buffered per event-stream subscriber; a subscriber that falls this far behind is
 * dropped
 * @param maxEventSubscribers event-stream subscribers at once (each has its own sender thread)
 * @param eventHeartbeat how often an idle event stream sends a comment, so dead clients are noticed
 * @param workerNice the Linux nice value of the HTTP threads of both ports (0 to 19; 0 leaves them at the event
 * loops' priority): the higher, the more the loops win when the admin plane competes with them for a core
 * @param workerPolicy {@code normal} (the nice value above) or {@code idle} ({@code SCHED_IDLE}: the HTTP threads run
 * only in the loops' idle time), see {@link WorkerPolicy}
 */
@ConfigurationProperties("gateway.admin")
@Validated
public record AdminProperties(@DefaultValue("5s") @NotNull Duration engineCallTimeout,
		@DefaultValue("1024") @Min(1) @Max(1_000_000) int eventQueueCapacity,
		@DefaultValue("16") @Min(1) @Max(1024) int maxEventSubscribers,
		@DefaultValue("15s") @NotNull Duration eventHeartbeat,
		@DefaultValue("10") @Min(0) @Max(19) int workerNice,
		@DefaultValue("normal") @NotNull WorkerPolicy workerPolicy) {

}
