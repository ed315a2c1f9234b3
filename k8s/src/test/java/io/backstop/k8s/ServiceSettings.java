package io.backstop.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The ports the service listens on, read from its own {@code application.properties}, so the
 * manifests are checked against the configuration the image actually runs with.
 *
 * @param grpcPort {@code quarkus.http.port}: gRPC (h2c) on Quarkus's unified HTTP server
 * @param managementPort {@code quarkus.management.port}: metrics and health endpoints
 */
record ServiceSettings(int grpcPort, int managementPort) {

  static ServiceSettings read(Path applicationProperties) {
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
        port(properties, "quarkus.management.port", applicationProperties));
  }

  private static int port(Properties properties, String key, Path file) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new AssertionError(key + " is not set in " + file);
    }
    return Integer.parseInt(value.trim());
  }
}
