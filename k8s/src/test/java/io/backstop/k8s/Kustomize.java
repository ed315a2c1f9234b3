package io.backstop.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize DIR}, which reads files only and never
 * contacts an API server. Nothing else of kubectl is ever run here: without a kubeconfig kubectl
 * aims at localhost:8080.
 */
final class Kustomize {

  private static final long TIMEOUT_SECONDS = 60;

  private Kustomize() {}

  /** The rendered multi-document YAML; fails the test when kubectl is missing or errs. */
  static String render(Path kustomizationDir) {
    if (!Files.isRegularFile(kustomizationDir.resolve("kustomization.yaml"))) {
      throw new AssertionError("no kustomization.yaml in " + kustomizationDir);
    }
    List<String> command = List.of("kubectl", "kustomize", kustomizationDir.toString());
    Process process;
    Path stderr;
    try {
      stderr = Files.createTempFile("kustomize", ".err");
      process =
          new ProcessBuilder(command)
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run `kubectl kustomize`: kubectl is not on the PATH. It renders the manifests"
              + " offline and is required for these checks (install kubectl, then rerun).",
          e);
    }
    try {
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("`kubectl kustomize " + kustomizationDir + "` timed out");
      }
      String errors = Files.readString(stderr, StandardCharsets.UTF_8);
      Files.deleteIfExists(stderr);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "`kubectl kustomize "
                + kustomizationDir
                + "` failed ("
                + process.exitValue()
                + "): "
                + errors);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("reading the output of `kubectl kustomize` failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while rendering " + kustomizationDir, e);
    }
  }
}
