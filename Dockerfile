# syntax=docker/dockerfile:1
# Build with the Maven wrapper, run on a JRE as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar target/jwt-revocation-*.jar extract --layers --launcher --destination target/extracted

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home app
WORKDIR /app
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
USER 10001
# 8081: actuator, when MANAGEMENT_SERVER_PORT=8081 (docker-compose.yml); never publish it
EXPOSE 8080 8081
# liveness, not health: a Redis outage makes the instance unready (503s, out of rotation) but
# must not make the engine restart a healthy process
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/livez || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
