# syntax=docker/dockerfile:1
#
# Backstop service image: Quarkus fast-jar on a JRE 17, run as a non-root user.
# Needs BuildKit (Docker 23+ default, or `DOCKER_BUILDKIT=1`) or Podman/Buildah.
#
#   From source (only a container engine needed):
#     docker build -t backstop:0.1.0-SNAPSHOT .
#   From the jar Maven already built (`mvn -B -DskipTests package`), skipping the build stage:
#     docker build --build-arg APP_SOURCE=prebuilt -t backstop:0.1.0-SNAPSHOT .
#
# Base images: pin them by digest for a release build, so a rebuild gets the same bytes:
#     --build-arg RUNTIME_IMAGE=eclipse-temurin:17-jre@sha256:<digest>
#     --build-arg BUILD_IMAGE=maven:3.9-eclipse-temurin-17@sha256:<digest>
# where <digest> comes from `docker buildx imagetools inspect eclipse-temurin:17-jre`
# (or `crane digest`, `skopeo inspect`). See docs/operations.md, "Image".

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre
# source: build the jar in the build stage; prebuilt: take service/target/quarkus-app.
ARG APP_SOURCE=source

# --- the application, built from source ------------------------------------------------------
FROM ${BUILD_IMAGE} AS app-source
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.check.skip=true -pl service -am package

# --- the application, as `mvn package` left it on the host --------------------------------------
FROM scratch AS app-prebuilt
COPY service/target/quarkus-app /src/service/target/quarkus-app

FROM app-${APP_SOURCE} AS app

# --- runtime ------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}

# A fixed numeric user, the one the Deployment's runAsUser names.
RUN groupadd --system --gid 10001 backstop \
 && useradd --system --uid 10001 --gid backstop --home-dir /tmp --no-create-home \
      --shell /usr/sbin/nologin backstop

WORKDIR /deployments
# Fast-jar layout, least often changed first so a code change rebuilds only the last layers.
# Owned by root and read-only to the service user: the process cannot modify its own code.
COPY --from=app /src/service/target/quarkus-app/lib/ /deployments/lib/
COPY --from=app /src/service/target/quarkus-app/quarkus-run.jar /deployments/quarkus-run.jar
COPY --from=app /src/service/target/quarkus-app/app/ /deployments/app/
COPY --from=app /src/service/target/quarkus-app/quarkus/ /deployments/quarkus/

# gRPC (quarkus.http.port) and the management interface: /q/metrics, /q/health.
EXPOSE 9000 9090

# Heap from the container's memory limit, never a fixed -Xmx. The Kubernetes Deployment sets
# its own JDK_JAVA_OPTIONS; this default is for a plain `docker run`.
# G1 explicitly: below about 1.8 GB the JVM would pick SerialGC (docs/operations.md).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"

USER 10001:10001
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
