# Vigil as a container, for docker-compose.yml and deploy/kubernetes/.
# Build the jar first: ./mvnw -B package -DskipTests
FROM eclipse-temurin:17.0.15_6-jre-noble
# curl for the health check only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /opt/vigil vigil \
    && mkdir -p /var/lib/vigil/inbox /var/lib/vigil/inbox-fhir && chown -R vigil /var/lib/vigil
WORKDIR /opt/vigil
COPY target/vigil-*.jar /opt/vigil/vigil.jar
USER 10001
# The heap follows the container's memory limit; an OutOfMemoryError ends the process, so the
# orchestrator restarts it (Kafka keeps what was not committed) instead of leaving it half alive.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    VIGIL_BIND=0.0.0.0 \
    VIGIL_MLLP_BIND=0.0.0.0 \
    VIGIL_INBOX_DIR=/var/lib/vigil/inbox \
    VIGIL_FHIR_INBOX_DIR=/var/lib/vigil/inbox-fhir \
    SPRING_PROFILES_ACTIVE=production \
    VIGIL_MANAGEMENT_BIND=0.0.0.0
# 8080: ingest, the dashboard, the API. 8081: the actuator (Hawtio, Jolokia, metrics, health), the
# production profile's management port: publish it to operators and probes only. 2575: MLLP.
EXPOSE 8080 8081 2575
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fs http://127.0.0.1:8081/actuator/health/readiness >/dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/opt/vigil/vigil.jar"]
