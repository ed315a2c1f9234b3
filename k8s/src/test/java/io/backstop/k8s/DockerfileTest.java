package io.backstop.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No container engine here: the Dockerfile is checked as text against the service's settings and
 * the Deployment that runs the image ({@link DockerfileRules}), and each rule is broken once in a
 * copy of the text, so that none passes vacuously.
 */
class DockerfileTest {

  private static final ServiceSettings SETTINGS = ServiceSettings.ofRepo();
  private static String dockerfile;
  private static long runAsUser;

  @BeforeAll
  static void read() throws IOException {
    dockerfile = Files.readString(Repo.root().resolve("Dockerfile"));
    Deployment deployment = RenderedOverlaysTest.render("base").all(Deployment.class).get(0);
    runAsUser = deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
  }

  @Test
  void theDockerfileKeepsEveryRule() {
    assertEquals(List.of(), DockerfileRules.check(dockerfile, runAsUser, SETTINGS));
  }

  @Test
  void runsAsAnotherUser() {
    expect(
        "USER in the runtime stage is backstop, not 10001:10001",
        "USER 10001:10001",
        "USER backstop");
  }

  @Test
  void noUser() {
    expect("the runtime stage has no USER", "USER 10001:10001\n", "");
  }

  @Test
  void deploymentRunsAsRoot() {
    assertViolation(
        DockerfileRules.check(dockerfile, 0, SETTINGS), "runAsUser 0 is not a non-root uid");
  }

  @Test
  void managementPortNotExposed() {
    expect("lacks the configured port 9090", "EXPOSE 9000 9090", "EXPOSE 9000");
  }

  @Test
  void layoutIncomplete() {
    expect(
        "does not copy quarkus-app/quarkus/",
        "COPY --from=app /src/service/target/quarkus-app/quarkus/ /deployments/quarkus/\n",
        "");
  }

  @Test
  void shellFormEntrypoint() {
    expect(
        "not the exec form",
        "ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]",
        "ENTRYPOINT java -jar /deployments/quarkus-run.jar");
  }

  @Test
  void baseImageNotAnArgument() {
    expect(
        "a base image is not an ARG", "FROM ${RUNTIME_IMAGE}\n", "FROM eclipse-temurin:17-jre\n");
  }

  @Test
  void singleStage() {
    String runtimeOnly = dockerfile.substring(dockerfile.indexOf("FROM ${RUNTIME_IMAGE}"));
    assertViolation(
        DockerfileRules.check(runtimeOnly, runAsUser, SETTINGS), "not a multi-stage build");
  }

  @Test
  void fixedHeap() {
    expect("fixes the heap with -Xmx", "-XX:MaxRAMPercentage=50", "-Xmx512m");
  }

  @Test
  void heapNotRelativeToTheLimit() {
    expect("lacks -XX:MaxRAMPercentage", "-XX:MaxRAMPercentage=50 ", "");
  }

  /** Replaces {@code from} (which must occur) by {@code to} and expects the violation. */
  private static void expect(String fragment, String from, String to) {
    String broken = dockerfile.replace(from, to);
    assertNotEquals(dockerfile, broken, "the Dockerfile contains " + from);
    assertViolation(DockerfileRules.check(broken, runAsUser, SETTINGS), fragment);
  }

  private static void assertViolation(List<String> violations, String fragment) {
    assertTrue(
        violations.stream().anyMatch(v -> v.contains(fragment)),
        "expected a violation containing \"" + fragment + "\", got " + violations);
  }
}
