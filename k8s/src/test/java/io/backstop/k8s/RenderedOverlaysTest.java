package io.backstop.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders the base and every overlay with `kubectl kustomize` and holds them to the rules. */
class RenderedOverlaysTest {

  private static final ServiceSettings SETTINGS = ServiceSettings.ofRepo();

  static Manifests render(String dir) {
    return Manifests.parse(Kustomize.render(Repo.k8s().resolve(dir)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/production"})
  void renderingKeepsEveryRule(String dir) {
    List<String> violations = ManifestRules.check(render(dir), SETTINGS);
    assertEquals(List.of(), violations, dir + " breaks the rules");
  }

  @Test
  void everyOverlayIsChecked() throws Exception {
    try (var overlays = java.nio.file.Files.list(Repo.k8s().resolve("overlays"))) {
      List<String> names = overlays.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          List.of("dev", "production"),
          names,
          "a new overlay must be added to renderingKeepsEveryRule");
    }
  }

  @Test
  void devRunsOneReplicaWithoutAutoscaler() {
    Manifests dev = render("overlays/dev");
    Deployment deployment = dev.all(Deployment.class).get(0);
    assertEquals(1, deployment.getSpec().getReplicas());
    assertEquals(List.of(), dev.all(HorizontalPodAutoscaler.class));
  }

  /**
   * A newcomer builds the image as the Dockerfile's header (and docs/operations.md, "Image") says
   * and applies the dev overlay: dev must run exactly that tag, or the pod never pulls.
   */
  @Test
  void devRunsTheImageTheBuildInstructionsMake() throws Exception {
    String dockerfile = Files.readString(Repo.root().resolve("Dockerfile"));
    Matcher build = Pattern.compile("docker build -t (\\S+) \\.").matcher(dockerfile);
    assertTrue(build.find(), "the Dockerfile's header shows a `docker build -t <image> .`");
    assertTrue(
        Files.readString(Repo.root().resolve("docs/operations.md"))
            .contains("docker build -t " + build.group(1) + " ."),
        "docs/operations.md builds the same tag as the Dockerfile's header");
    Deployment deployment = render("overlays/dev").all(Deployment.class).get(0);
    assertEquals(
        build.group(1),
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
        "the dev overlay's image");
  }

  @Test
  void productionIsReplicatedAutoscaledAndScraped() {
    Manifests production = render("overlays/production");
    Deployment deployment = production.all(Deployment.class).get(0);
    assertTrue(deployment.getSpec().getReplicas() >= 3, "at least three replicas");
    List<HorizontalPodAutoscaler> hpas = production.all(HorizontalPodAutoscaler.class);
    assertEquals(1, hpas.size(), "one HorizontalPodAutoscaler");
    assertTrue(hpas.get(0).getSpec().getMinReplicas() >= 3, "HPA keeps at least three");
    assertEquals(1, production.ofKind("ServiceMonitor").size(), "one ServiceMonitor");
    TopologySpreadConstraint nodes =
        deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().stream()
            .filter(c -> c.getTopologyKey().equals("kubernetes.io/hostname"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "DoNotSchedule", nodes.getWhenUnsatisfiable(), "never two production replicas on one node");
    assertEquals(
        "Honor", nodes.getNodeTaintsPolicy(), "nodes the pods cannot use are no spread domain");
  }
}
