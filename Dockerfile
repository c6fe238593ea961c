# epoll-gateway image: the Spring Boot jar built by `./mvnw package`, extracted into its layers.
#
#   ./mvnw -B package -DskipTests
#   docker build -t epoll-gateway:dev .
#   docker run --rm -p 7878:7878 -p 8080:8080 -p 8081:8081 -e GATEWAY_SECURITY_ADMIN_PASSWORD=... epoll-gateway:dev
#
# BASE_IMAGE must be a glibc Java 17+ runtime with /bin/sh and curl or wget (JNA's bundled native library is a
# glibc build, so no Alpine/musl). Every stage uses it, so a machine without registry access can pass one local image.
ARG BASE_IMAGE=eclipse-temurin:17-jre-noble

FROM ${BASE_IMAGE} AS builder
WORKDIR /builder
ARG JAR_FILE=target/epoll-gateway-*.jar
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted
COPY src/main/docker/entrypoint.sh entrypoint.sh
RUN chmod 0755 entrypoint.sh

FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="epoll-gateway" \
      org.opencontainers.image.description="Linux epoll TCP echo engine with a REST admin API and Actuator"
WORKDIR /application
# Least to most frequently changed, so a code change rebuilds only the last layers.
COPY --from=builder /builder/extracted/dependencies/ ./
COPY --from=builder /builder/extracted/spring-boot-loader/ ./
COPY --from=builder /builder/extracted/snapshot-dependencies/ ./
COPY --from=builder /builder/extracted/application/ ./
COPY --from=builder /builder/entrypoint.sh ./
# Operator configuration: Spring Boot reads ./application.yml from the working directory (the Helm chart mounts its
# own at ./config/application.yml, which wins). Environment variables override both (GATEWAY_ENGINE_PORT, ...).
COPY application.yml ./

# entrypoint.sh sets java.io.tmpdir=/tmp and jna.tmpdir=/tmp/jna (/tmp must be writable and exec-capable);
# JAVA_OPTS adds to them.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

# Numeric, so Kubernetes can verify runAsNonRoot; no passwd entry is needed.
USER 10001:10001

# echo (gateway.engine.port), admin API (server.port), Actuator (management.server.port)
EXPOSE 7878 8080 8081

# curl, or wget where the base image has no curl (newer Temurin images ship only wget).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD url="http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-8081}/actuator/health/liveness"; \
      if command -v curl >/dev/null; then curl -fsS -o /dev/null "$url"; else wget -q -O /dev/null "$url"; fi || exit 1

# SIGTERM (docker stop, Kubernetes) drains the engine; entrypoint.sh forwards it and exits 0 after a clean stop.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/application/entrypoint.sh"]
