/**
 * The vocabulary of listing and killing connections: a {@link dev.epollgateway.engine.query.ConnectionQuery}
 * (a {@link dev.epollgateway.engine.query.ConnectionFilter}, a {@link dev.epollgateway.engine.query.ConnectionSort},
 * a limit and a {@link dev.epollgateway.engine.query.ConnectionCursor}) answered with a
 * {@link dev.epollgateway.engine.query.ConnectionPage} of {@link dev.epollgateway.engine.query.ConnectionInfo}
 * snapshots, and a {@link dev.epollgateway.engine.query.KillMode} answered with a
 * {@link dev.epollgateway.engine.query.KillResult}. Immutable values, safe on any thread; they name no engine
 * internals, so the admin API can parse and validate them without touching a loop.
 */
package dev.epollgateway.engine.query;
