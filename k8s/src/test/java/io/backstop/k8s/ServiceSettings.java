package io.backstop.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * The ports the service listens on, read from its own {@code application.properties}, and the keys
 * of its own configuration, read from {@code BackstopConfig.java}, so the manifests are checked
 * against the configuration the image actually runs with.
 *
 * @param grpcPort {@code quarkus.http.port}: gRPC (h2c) on Quarkus's unified HTTP server
 * @param managementPort {@code quarkus.management.port}: metrics and health endpoints
 * @param backstopEnvironmentNames every {@code backstop.*} key as an environment variable ({@code
 *     BACKSTOP_LIMITS_MAX_SCENARIOS}); see {@link ConfigKeys}
 */
record ServiceSettings(int grpcPort, int managementPort, Set<String> backstopEnvironmentNames) {

  /** The settings of the service in this repository. */
  static ServiceSettings ofRepo() {
    return read(Repo.applicationProperties(), Repo.backstopConfig());
  }

  static ServiceSettings read(Path applicationProperties, Path backstopConfig) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(applicationProperties)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + applicationProperties, e);
    }
    if (!"false".equals(properties.getProperty("quarkus.grpc.server.use-separate-server"))) {
      throw new AssertionError(
          "expected gRPC on the unified HTTP server (quarkus.grpc.server.use-separate-server=false)"
              + " in "
              + applicationProperties
              + "; with a separate server the gRPC port is quarkus.grpc.server.port");
    }
    return new ServiceSettings(
        port(properties, "quarkus.http.port", applicationProperties),
        port(properties, "quarkus.management.port", applicationProperties),
        Set.copyOf(ConfigKeys.environmentNames(backstopConfig)));
  }

  private static int port(Properties properties, String key, Path file) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new AssertionError(key + " is not set in " + file);
    }
    return Integer.parseInt(value.trim());
  }
}
