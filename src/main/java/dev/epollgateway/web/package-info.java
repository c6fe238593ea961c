/**
 * The web servers of both ports, below the controllers: problem details for what Tomcat, the servlet layer and
 * Spring Security refuse before any operation runs (bad escapes, invalid characters, oversized headers), and the
 * counting and limiting of authentication failures.
 */
package dev.epollgateway.web;
