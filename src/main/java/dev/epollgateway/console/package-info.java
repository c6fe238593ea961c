/**
 * The live web console: the page's security (form login and a session beside the API's stateless HTTP Basic), the
 * statistics sampler with its fifteen minutes of history and its server-sent event stream, and the few endpoints only
 * the page needs ({@code /api/v1/me}, the interest list). The page itself is static files under {@code static/}.
 */
package dev.epollgateway.console;
