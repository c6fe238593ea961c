#!/usr/bin/env bash
# The benchmark of issue 5: the gateway (LEVEL, EDGE, ONESHOT) against a java.nio and a Netty echo server.
#
#   bench/run.sh            full run: 5 rounds, results in bench/results/ (about 50 minutes)
#   bench/run.sh --quick    smoke test: 1 round, short windows, results in target/bench-quick/
#   bench/run.sh --help     every option (rounds, window lengths, servers, workloads, idle count)
#   bench/run.sh --rounds 3 --workloads scaling,backend-switch
#                           the readiness backends of issue 11 (epoll, poll, select, the JDK's Selectors on epoll and
#                           poll), not in the default set: about 15 minutes
#   bench/run.sh --rounds 3 --workloads accept-storm
#                           the accept storm of issue 13 (1, 2, 4, 8 loops x reuseport, shared, exclusive accept
#                           distribution), not in the default set: about 6 minutes
#   bench/run.sh --rounds 3 --workloads shared-epoll
#                           issue 13: 4 threads on one epoll instance against a loop each, per trigger mode, 200 active
#                           beside 10,000 idle connections; not in the default set: about 4 minutes
#
# bench/README.md describes the workloads, the figures and how they are measured.
#
# Builds the benchmark sources (src/bench/java, Maven profile "bench"), then runs the runner and its load generator
# pinned to core 1; the runner starts every server pinned to core 0. The admin and console workloads need the
# application jar, built here when one of them is selected.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ " $* " == *" --help "* ]]; then
  sed -n '2,17p' "$0"
  java -cp target/test-classes dev.epollgateway.bench.BenchRunner --help 2>/dev/null || true
  exit 0
fi
if [[ $(nproc --all) -lt 2 ]]; then
  echo "bench/run.sh needs 2 cores (server on one, load generator on the other)" >&2
  exit 1
fi

# the admin and console workloads run the application jar: build it unless --workloads leaves both out
build_goal=package
prev=""
for arg in "$@"; do
  if [[ $prev == --workloads && $arg != *admin* && $arg != *console* ]]; then build_goal=test-compile; fi
  prev=$arg
done
./mvnw -q -B -Pbench -DskipTests "$build_goal"
# the plain C epoll echo server (servers c-level and c-edge): the limit the gateway is measured against
mkdir -p target/bench-c
gcc -O2 -Wall -Wextra -Werror -o target/bench-c/epoll_echo_server src/bench/c/epoll_echo_server.c
./mvnw -q -B -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

exec taskset -c 1 java -XX:+UseSerialGC -Xmx1g -Djava.awt.headless=true -cp "$cp" \
  dev.epollgateway.bench.BenchRunner --classpath "$cp" "$@"
