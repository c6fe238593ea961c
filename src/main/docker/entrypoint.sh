#!/bin/sh
# Starts the gateway's JVM and stands between it and the container runtime's stop signal.
#
# The JVM answers SIGTERM by running its shutdown hooks (Spring closes the context, the engine drains its
# connections within gateway.engine.drain-timeout) and then exits with status 143 (128 + SIGTERM), so `docker stop`
# and Kubernetes would record a clean, drained stop as a failure. This script forwards SIGTERM and SIGINT to the JVM,
# waits until the JVM has really exited, and reports 0 only for that case: a stop we forwarded that ended in the
# JVM's own 143. Every other status (a failed start, an OOM kill, a crash) passes through unchanged.
set -u

# JNA unpacks its native library into jna.tmpdir and loads it from there: /tmp must be writable and not noexec
# (an emptyDir in Kubernetes, a tmpfs mounted with exec in Docker) so that a read-only root filesystem works.
# The two --add-opens let the engine read and send through the JDK's own JNI instead of JNA (about 0.5 us less CPU
# per echoed message; bench/README.md, "Where the time goes"); without them it stays on JNA.
# JAVA_OPTS is split into words on purpose.
# shellcheck disable=SC2086
java -Djava.io.tmpdir=/tmp -Djna.tmpdir=/tmp/jna --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
	--add-opens java.base/java.io=ALL-UNNAMED ${JAVA_OPTS:-} -jar /application/application.jar "$@" &
pid=$!

stopping=0
trap 'stopping=1; kill -TERM "$pid" 2>/dev/null' TERM INT

# A trapped signal cuts `wait` short with status 128+n while the JVM is still draining: wait again until the JVM is
# gone. A JVM that has exited but is not yet reaped still answers `kill -0`, so its real status is never skipped.
while :; do
	wait "$pid"
	status=$?
	kill -0 "$pid" 2>/dev/null || break
done

if [ "$stopping" = 1 ] && [ "$status" = 143 ]; then
	status=0
fi
exit "$status"
