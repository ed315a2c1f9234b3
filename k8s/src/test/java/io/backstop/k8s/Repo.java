package io.backstop.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, from the {@code backstop.repo.root} property Surefire sets. */
final class Repo {

  private Repo() {}

  static Path root() {
    String root = System.getProperty("backstop.repo.root");
    Path path = root != null ? Path.of(root) : Path.of("..");
    path = path.toAbsolutePath().normalize();
    if (!Files.isRegularFile(path.resolve("k8s/base/kustomization.yaml"))) {
      throw new AssertionError("not the repository root (no k8s/base): " + path);
    }
    return path;
  }

  static Path k8s() {
    return root().resolve("k8s");
  }

  static Path applicationProperties() {
    return root().resolve("service/src/main/resources/application.properties");
  }

  /** The service's {@code @ConfigMapping} interface: the {@code backstop.*} keys. */
  static Path backstopConfig() {
    return root().resolve("service/src/main/java/io/backstop/service/ops/BackstopConfig.java");
  }
}
