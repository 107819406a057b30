# Vigil as a container, for docker-compose.yml. Build the jar first: ./mvnw -B package -DskipTests
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 vigil
WORKDIR /opt/vigil
COPY target/vigil-*.jar /opt/vigil/vigil.jar
USER vigil
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/vigil/vigil.jar"]
