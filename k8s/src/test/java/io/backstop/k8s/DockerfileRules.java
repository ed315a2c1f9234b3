package io.backstop.k8s;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules the Dockerfile must satisfy, read as text (no container engine here) and checked
 * against the service's settings and the Deployment that runs the image. {@link #check} returns
 * every broken rule as a sentence, like {@link ManifestRules}.
 */
final class DockerfileRules {

  private static final String EXEC_ENTRYPOINT =
      "[\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]";

  private final List<String> violations = new ArrayList<>();
  private final List<String> runtimeStage;

  private DockerfileRules(List<String> runtimeStage) {
    this.runtimeStage = runtimeStage;
  }

  /**
   * @param dockerfile the Dockerfile's text
   * @param runAsUser the Deployment's pod securityContext.runAsUser
   */
  static List<String> check(String dockerfile, long runAsUser, ServiceSettings settings) {
    List<String> instructions = instructions(dockerfile.lines().toList());
    int lastFrom = -1;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).startsWith("FROM ")) {
        lastFrom = i;
      }
    }
    if (lastFrom < 0) {
      return List.of("the Dockerfile has no FROM");
    }
    DockerfileRules rules =
        new DockerfileRules(instructions.subList(lastFrom, instructions.size()));
    rules.checkStages(instructions);
    rules.checkUser(runAsUser);
    rules.checkPorts(settings);
    rules.checkLayout();
    rules.checkHeap();
    return List.copyOf(rules.violations);
  }

  private void checkStages(List<String> instructions) {
    long stages = instructions.stream().filter(i -> i.startsWith("FROM ")).count();
    if (stages < 2) {
      violations.add("not a multi-stage build (" + stages + " FROM)");
    }
    for (String from : instructions) {
      if (from.startsWith("FROM ")
          && !from.startsWith("FROM scratch")
          && !from.startsWith("FROM ${")
          && !from.startsWith("FROM app-")) {
        violations.add("a base image is not an ARG, so it cannot be pinned by digest: " + from);
      }
    }
  }

  /** Numeric, so the kubelet can verify runAsNonRoot without reading /etc/passwd. */
  private void checkUser(long runAsUser) {
    if (runAsUser <= 0) {
      violations.add("the Deployment's runAsUser " + runAsUser + " is not a non-root uid");
    }
    String user = last("USER ");
    String expected = runAsUser + ":" + runAsUser;
    if (user != null && !user.equals(expected)) {
      violations.add(
          "USER in the runtime stage is " + user + ", not " + expected + " (the runAsUser)");
    }
  }

  private void checkPorts(ServiceSettings settings) {
    String expose = last("EXPOSE ");
    if (expose == null) {
      return;
    }
    List<String> exposed = List.of(expose.split("\\s+"));
    for (int port : List.of(settings.grpcPort(), settings.managementPort())) {
      if (!exposed.contains(String.valueOf(port))) {
        violations.add("EXPOSE " + expose + " lacks the configured port " + port);
      }
    }
  }

  private void checkLayout() {
    String stage = String.join("\n", runtimeStage);
    for (String part : List.of("quarkus-app/lib/", "quarkus-app/app/", "quarkus-app/quarkus/")) {
      if (!stage.contains(part)) {
        violations.add("the runtime stage does not copy " + part);
      }
    }
    String entrypoint = last("ENTRYPOINT ");
    if (entrypoint != null && !entrypoint.equals(EXEC_ENTRYPOINT)) {
      violations.add(
          "ENTRYPOINT is "
              + entrypoint
              + ", not the exec form "
              + EXEC_ENTRYPOINT
              + " (java must be PID 1 to receive SIGTERM)");
    }
  }

  private void checkHeap() {
    String stage = String.join("\n", runtimeStage);
    if (!stage.contains("-XX:MaxRAMPercentage=")) {
      violations.add("the runtime stage lacks -XX:MaxRAMPercentage (heap from the memory limit)");
    }
    if (stage.contains("-Xmx")) {
      violations.add("the runtime stage fixes the heap with -Xmx");
    }
  }

  /** The last such instruction's argument in the runtime stage, or null (and a violation). */
  private String last(String keyword) {
    String found = null;
    for (String instruction : runtimeStage) {
      if (instruction.startsWith(keyword)) {
        found = instruction.substring(keyword.length()).strip();
      }
    }
    if (found == null) {
      violations.add("the runtime stage has no " + keyword.strip());
    }
    return found;
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
}
