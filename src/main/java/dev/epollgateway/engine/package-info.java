/**
 * The epoll echo engine. The data path, in order:
 * <ol>
 * <li>{@link dev.epollgateway.engine.nativeio.Sockets} and {@link dev.epollgateway.engine.nativeio.Epoll}: the
 * socket and epoll calls, errno already mapped to a count, would-block, end of stream or a close cause
 * ({@link dev.epollgateway.engine.nativeio.IoResult});</li>
 * <li>{@link ReadinessBackend}: how a loop waits, libevent's {@code eventop} (add, modify, remove, wait) over
 * {@link EpollBackend epoll}, {@link PollBackend poll} or {@link SelectBackend select}, chosen by {@link BackendKind}
 * and created by {@link Backends} (which also states the settings no backend can serve); a live switch
 * ({@link EpollEngine#switchBackend}) moves each loop's registrations to a new backend between two batches
 * ({@link BackendMove}) and answers a {@link BackendSwitch};</li>
 * <li>{@link EventLoop}: one thread turning one backend, dispatching each ready event to the
 * {@link Acceptor} (its listeners, shared between the loops as the {@link AcceptDistribution} says) or the
 * {@link ConnectionHandler} (its connections), then serving the
 * {@link ReadyPendingQueue}, the commands other threads posted, and the {@link IdleList}'s expiries;</li>
 * <li>{@link ConnectionHandler}: read into the loop's buffer, echo with one send path, and give every change of
 * interest to the kernel through one method, with the mask {@link InterestMask} computes for the
 * {@link TriggerMode};</li>
 * <li>{@link WriteBacklog}: what could not be sent yet, in {@link ChunkPool} chunks, flushed on {@code EPOLLOUT},
 * pausing reads above the high watermark.</li>
 * </ol>
 * Above the loops, {@link EpollEngine} is the public façade: it binds the listeners ({@link ListenerSockets}), starts
 * one loop per thread, and answers every request by posting a command to each loop and combining the answers
 * ({@link LoopFanOut}); the live switches of the trigger mode, the backend and the accept distribution, and the one
 * queue the last two share, are {@link LiveSwitches}'. The
 * loops reach the engine only through {@link LoopContext} (ids, {@code max-connections} slots, the observer, the
 * {@link EventPublisher}); each loop's {@link LoopCounters} are combined by {@link CounterTotals} into
 * {@link EngineStatistics}. The listing and kill vocabulary lives in {@link dev.epollgateway.engine.query}; native
 * code stays in {@link dev.epollgateway.engine.nativeio}, reached from outside the engine only through engine types
 * such as {@link ThreadScheduling}. No Spring type appears here.
 */
package dev.epollgateway.engine;
