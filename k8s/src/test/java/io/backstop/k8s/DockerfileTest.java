package io.backstop.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No container engine here: the Dockerfile is checked as text against the service's settings and
 * the Deployment that runs the image.
 */
class DockerfileTest {

  private static final ServiceSettings SETTINGS = ServiceSettings.ofRepo();
  private static List<String> instructions;
  private static List<String> runtimeStage;

  @BeforeAll
  static void read() throws IOException {
    instructions = instructions(Files.readAllLines(Repo.root().resolve("Dockerfile")));
    int lastFrom = -1;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).startsWith("FROM ")) {
        lastFrom = i;
      }
    }
    assertTrue(lastFrom >= 0, "the Dockerfile has a FROM");
    runtimeStage = instructions.subList(lastFrom, instructions.size());
  }

  @Test
  void runsAsTheUserTheDeploymentNames() {
    Deployment deployment = RenderedOverlaysTest.render("base").all(Deployment.class).get(0);
    long runAsUser =
        deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
    String user = last("USER ");
    // Numeric, so the kubelet can verify runAsNonRoot without reading /etc/passwd.
    assertEquals(runAsUser + ":" + runAsUser, user, "USER in the runtime stage");
    assertTrue(runAsUser > 0);
  }

  @Test
  void exposesTheConfiguredPorts() {
    List<String> exposed = List.of(last("EXPOSE ").split("\\s+"));
    assertTrue(exposed.contains(String.valueOf(SETTINGS.grpcPort())), "EXPOSE the gRPC port");
    assertTrue(
        exposed.contains(String.valueOf(SETTINGS.managementPort())), "EXPOSE the management port");
  }

  @Test
  void copiesTheFastJarLayoutAndRunsIt() {
    String copies = String.join("\n", runtimeStage);
    for (String part : List.of("quarkus-app/lib/", "quarkus-app/app/", "quarkus-app/quarkus/")) {
      assertTrue(copies.contains(part), "the runtime stage copies " + part);
    }
    assertEquals(
        "[\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]",
        last("ENTRYPOINT "),
        "exec-form ENTRYPOINT, so java is PID 1 and receives SIGTERM");
  }

  @Test
  void isMultiStageWithBaseImagesAsArguments() {
    long stages = instructions.stream().filter(i -> i.startsWith("FROM ")).count();
    assertTrue(stages >= 2, "multi-stage build");
    for (String from : instructions) {
      if (from.startsWith("FROM ") && !from.startsWith("FROM scratch")) {
        assertTrue(
            from.startsWith("FROM ${") || from.startsWith("FROM app-"),
            "a base image is an ARG, so it can be pinned by digest: " + from);
      }
    }
  }

  @Test
  void heapFollowsTheContainerLimit() {
    String env = String.join("\n", runtimeStage);
    assertTrue(env.contains("-XX:MaxRAMPercentage="), "heap relative to the memory limit");
    assertFalse(env.contains("-Xmx"), "no fixed heap");
  }

  /** Logical instructions: comments dropped, continuation lines joined. */
  private static List<String> instructions(List<String> lines) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      boolean continues = line.endsWith("\\");
      current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
      if (!continues) {
        result.add(current.toString().strip());
        current.setLength(0);
      }
    }
    return result;
  }

  private static String last(String keyword) {
    String found = null;
    for (String instruction : runtimeStage) {
      if (instruction.startsWith(keyword)) {
        found = instruction.substring(keyword.length()).strip();
      }
    }
    assertTrue(found != null, "the runtime stage has " + keyword.strip());
    return found;
  }
}
