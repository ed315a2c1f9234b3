package io.backstop.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules must fail on wrong manifests: each test breaks one thing in a copy of the production
 * rendering (or of the kustomize sources) and expects the matching violation.
 */
class BrokenManifestsTest {

  private static final ServiceSettings SETTINGS = ServiceSettings.ofRepo();
  private static Manifests production;

  @BeforeAll
  static void renderProduction() {
    production = RenderedOverlaysTest.render("overlays/production");
    assertEquals(List.of(), ManifestRules.check(production, SETTINGS), "the original is clean");
  }

  @Test
  void probeOnAnotherPort() {
    expect(
        "readinessProbe probes port 8080",
        kind(
            "Deployment", d -> container(d).with("readinessProbe").with("grpc").put("port", 8080)));
  }

  @Test
  void httpLivenessProbe() {
    expect(
        "livenessProbe is not a gRPC probe",
        kind(
            "Deployment",
            d -> {
              ObjectNode probe = container(d).with("livenessProbe");
              probe.remove("grpc");
              probe.with("httpGet").put("port", 9090).put("path", "/q/health/live");
            }));
  }

  @Test
  void probeOfAMisspeltService() {
    expect(
        "readinessProbe checks gRPC health of 'backstop.v1.PricingSevice'",
        kind(
            "Deployment",
            d ->
                container(d)
                    .with("readinessProbe")
                    .with("grpc")
                    .put("service", "backstop.v1.PricingSevice")));
  }

  @Test
  void probeOfThePricingServiceIsFine() {
    Manifests probed =
        kind(
            "Deployment",
            d -> {
              container(d).with("startupProbe").with("grpc").put("service", "");
              container(d)
                  .with("readinessProbe")
                  .with("grpc")
                  .put("service", ManifestRules.HEALTH_SERVICE);
            });
    assertEquals(List.of(), ManifestRules.check(probed, SETTINGS));
  }

  @Test
  void missingStartupProbe() {
    expect("has no startupProbe", kind("Deployment", d -> container(d).remove("startupProbe")));
  }

  @Test
  void containerPortNotTheConfiguredOne() {
    expect(
        "container port 'grpc' is 9001",
        kind(
            "Deployment",
            d -> ((ObjectNode) container(d).get("ports").get(0)).put("containerPort", 9001)));
  }

  @Test
  void serviceSelectorMissesThePods() {
    expect(
        "Service backstop-headless selector",
        named(
            "Service",
            "backstop-headless",
            s -> s.with("spec").with("selector").put("app.kubernetes.io/name", "other")));
  }

  @Test
  void deploymentSelectorMissesItsPods() {
    expect(
        "Deployment selector",
        kind(
            "Deployment",
            d -> d.with("spec").with("selector").with("matchLabels").put("tier", "pricing")));
  }

  @Test
  void autoscalerTargetsAnotherDeployment() {
    expect(
        "not Deployment backstop",
        kind(
            "HorizontalPodAutoscaler",
            h -> h.with("spec").with("scaleTargetRef").put("name", "pricing")));
  }

  @Test
  void disruptionBudgetSelectsOtherPods() {
    expect(
        "PodDisruptionBudget backstop does not select",
        kind(
            "PodDisruptionBudget",
            p ->
                p.with("spec")
                    .with("selector")
                    .with("matchLabels")
                    .put("app.kubernetes.io/name", "x")));
  }

  @Test
  void privilegeEscalationAllowed() {
    expect(
        "allowPrivilegeEscalation is not false",
        kind(
            "Deployment",
            d -> container(d).with("securityContext").put("allowPrivilegeEscalation", true)));
  }

  @Test
  void writableRootFilesystem() {
    expect(
        "readOnlyRootFilesystem is not true",
        kind(
            "Deployment",
            d -> container(d).with("securityContext").remove("readOnlyRootFilesystem")));
  }

  @Test
  void capabilitiesKept() {
    expect(
        "does not drop ALL capabilities",
        kind("Deployment", d -> container(d).with("securityContext").remove("capabilities")));
  }

  @Test
  void runsAsRoot() {
    expect(
        "runAsUser is not a non-zero user id",
        kind("Deployment", d -> pod(d).with("securityContext").put("runAsUser", 0)));
  }

  @Test
  void containerMayRunAsRoot() {
    expect(
        "container backstop: runAsNonRoot is false",
        kind("Deployment", d -> container(d).with("securityContext").put("runAsNonRoot", false)));
  }

  @Test
  void noSeccompProfile() {
    expect(
        "seccompProfile is not RuntimeDefault",
        kind("Deployment", d -> pod(d).with("securityContext").remove("seccompProfile")));
  }

  @Test
  void tokenMounted() {
    expect(
        "automounts its token",
        kind("ServiceAccount", a -> a.put("automountServiceAccountToken", true)));
  }

  @Test
  void noMemoryLimit() {
    expect(
        "has no memory limit",
        kind("Deployment", d -> container(d).with("resources").with("limits").remove("memory")));
  }

  @Test
  void heapTooSmallForTheLimit() {
    expect(
        "is below the 512 MiB",
        kind(
            "Deployment",
            d -> {
              container(d).with("resources").with("limits").put("memory", "768Mi");
              container(d).with("resources").with("requests").put("memory", "768Mi");
            }));
  }

  @Test
  void fixedHeap() {
    expect("fix the heap", kind("Deployment", d -> appendJavaOption(d, "-Xmx512m")));
  }

  @Test
  void laterHeapPercentageWins() {
    expect(
        "heap 256 MiB (1Gi x 25%) is below the 512 MiB",
        kind("Deployment", d -> appendJavaOption(d, "-XX:MaxRAMPercentage=25")));
  }

  @Test
  void javaOptionsOverrideTheDeploymentsPercentage() {
    expect(
        "heap 256 MiB (1Gi x 25%)",
        kind(
            "Deployment",
            d ->
                container(d)
                    .withArray("env")
                    .addObject()
                    .put("name", "_JAVA_OPTIONS")
                    .put("value", "-XX:MaxRAMPercentage=25")));
  }

  @Test
  void toolOptionsComeBeforeTheDeploymentsPercentage() {
    Manifests earlier =
        kind(
            "Deployment",
            d ->
                container(d)
                    .withArray("env")
                    .addObject()
                    .put("name", "JAVA_TOOL_OPTIONS")
                    .put("value", "-XX:MaxRAMPercentage=25"));
    assertEquals(List.of(), ManifestRules.check(earlier, SETTINGS), "JDK_JAVA_OPTIONS' 50% wins");
  }

  @Test
  void fixedHeapInToolOptions() {
    expect(
        "fix the heap",
        kind(
            "Deployment",
            d ->
                container(d)
                    .withArray("env")
                    .addObject()
                    .put("name", "JAVA_TOOL_OPTIONS")
                    .put("value", "-Xmx600m")));
  }

  @Test
  void graceShorterThanDrain() {
    expect(
        "terminationGracePeriodSeconds 30 is shorter",
        kind("Deployment", d -> pod(d).put("terminationGracePeriodSeconds", 30)));
  }

  @Test
  void longerDrainNeedsLongerGrace() {
    expect(
        "is shorter than preStop",
        kind("ConfigMap", c -> c.with("data").put("BACKSTOP_SHUTDOWN_DRAIN_TIMEOUT", "2m")));
  }

  @Test
  void preStopExecSleepLongerThanTheGrace() {
    expect(
        "preStop is not a `sleep: {seconds: N}` action",
        kind(
            "Deployment",
            d -> {
              ObjectNode preStop = container(d).with("lifecycle").with("preStop");
              preStop.remove("sleep");
              preStop.with("exec").putArray("command").add("sleep").add("60");
            }));
  }

  @Test
  void noPreStop() {
    expect(
        "has no preStop sleep",
        kind("Deployment", d -> container(d).with("lifecycle").remove("preStop")));
  }

  @Test
  void misspeltServiceKey() {
    expect(
        "sets BACKSTOP_CAPACITY_QUEUE_SIZES, which is no key of BackstopConfig",
        kind(
            "ConfigMap",
            c -> {
              ObjectNode data = c.with("data");
              data.set(
                  "BACKSTOP_CAPACITY_QUEUE_SIZES", data.remove("BACKSTOP_CAPACITY_QUEUE_SIZE"));
            }));
  }

  @Test
  void unknownServiceKeyInTheContainerEnv() {
    expect(
        "sets BACKSTOP_WARMUP_ENABLE, which is no key",
        kind(
            "Deployment",
            d ->
                container(d)
                    .withArray("env")
                    .addObject()
                    .put("name", "BACKSTOP_WARMUP_ENABLE")
                    .put("value", "false")));
  }

  @Test
  void quarkusShutdownTimeoutFixed() {
    expect(
        "QUARKUS_SHUTDOWN_TIMEOUT is set",
        kind("ConfigMap", c -> c.with("data").put("QUARKUS_SHUTDOWN_TIMEOUT", "30s")));
  }

  @Test
  void grpcOpenToEveryone() {
    expect(
        "admits gRPC from a peer not limited",
        kind(
            "NetworkPolicy",
            n -> {
              ObjectNode rule = (ObjectNode) n.with("spec").withArray("ingress").get(0);
              rule.withArray("from").addObject().putObject("namespaceSelector");
            }));
  }

  @Test
  void metricsOpenToClients() {
    expect(
        "admits metrics from a peer not limited",
        kind(
            "NetworkPolicy",
            n -> {
              ArrayNode from = (ArrayNode) n.with("spec").withArray("ingress").get(1).get("from");
              from.addObject()
                  .putObject("namespaceSelector")
                  .putObject("matchLabels")
                  .put("backstop.io/client", "true");
            }));
  }

  @Test
  void networkPolicyPortRange() {
    expect(
        "NetworkPolicy port 9000 has endPort 65535",
        kind(
            "NetworkPolicy",
            n -> {
              ObjectNode rule = (ObjectNode) n.with("spec").withArray("ingress").get(0);
              ((ObjectNode) rule.withArray("ports").get(0)).put("port", 9000).put("endPort", 65535);
            }));
  }

  @Test
  void noHeadlessService() {
    expect(
        "expected one headless Service",
        named("Service", "backstop-headless", s -> s.with("spec").remove("clusterIP")));
  }

  @Test
  void serviceMonitorOnTheGrpcPort() {
    expect(
        "ServiceMonitor endpoint port 'grpc'",
        kind(
            "ServiceMonitor",
            m -> ((ObjectNode) m.with("spec").withArray("endpoints").get(0)).put("port", "grpc")));
  }

  @Test
  void spreadCountsTaintedNodes() {
    expect(
        "topology spread over kubernetes.io/hostname lacks nodeTaintsPolicy: Honor",
        kind("Deployment", d -> spread(d, 1).remove("nodeTaintsPolicy")));
  }

  @Test
  void spreadSelectsOtherPods() {
    expect(
        "topology spread over topology.kubernetes.io/zone does not select",
        kind(
            "Deployment",
            d ->
                spread(d, 0)
                    .with("labelSelector")
                    .with("matchLabels")
                    .put("app.kubernetes.io/name", "other")));
  }

  @Test
  void misspeltField() {
    expect(
        "unknown field(s) [readinesProbe]",
        kind(
            "Deployment",
            d -> {
              ObjectNode container = container(d);
              container.set("readinesProbe", container.remove("readinessProbe"));
            }));
  }

  @Test
  void misspeltServiceMonitorField() {
    expect(
        "ServiceMonitor/backstop.spec.endpoints[0]: unknown field(s) [intervall]",
        kind(
            "ServiceMonitor",
            m -> {
              ObjectNode endpoint = (ObjectNode) m.with("spec").withArray("endpoints").get(0);
              endpoint.set("intervall", endpoint.remove("interval"));
            }));
  }

  @Test
  void serviceMonitorSelectorAsAList() {
    expect(
        "ServiceMonitor/backstop.spec.selector.matchLabels is not a mapping",
        kind(
            "ServiceMonitor",
            m -> m.with("spec").with("selector").putArray("matchLabels").add("backstop")));
  }

  @Test
  void resourceOutsideTheNamespace() {
    expect(
        "is in namespace default",
        kind("NetworkPolicy", n -> n.with("metadata").put("namespace", "default")));
  }

  // --- every other rule, broken once -------------------------------------------------------------

  @Test
  void noDeployment() {
    expect("expected exactly one Deployment, found 0", without("Deployment"));
  }

  @Test
  void noContainer() {
    expect(
        "the Deployment has no container", kind("Deployment", d -> pod(d).putArray("containers")));
  }

  @Test
  void metricsPortNotTheConfiguredOne() {
    expect(
        "container port 'metrics' is 9091",
        kind(
            "Deployment",
            d -> ((ObjectNode) container(d).get("ports").get(1)).put("containerPort", 9091)));
  }

  @Test
  void notScraped() {
    expect(
        "pod template lacks prometheus.io/scrape",
        kind("Deployment", d -> annotations(d).remove("prometheus.io/scrape")));
  }

  @Test
  void scrapedOnTheGrpcPort() {
    expect(
        "prometheus.io/port is 9000, metrics are on 9090",
        kind("Deployment", d -> annotations(d).put("prometheus.io/port", "9000")));
  }

  @Test
  void scrapedOnAnotherPath() {
    expect(
        "prometheus.io/path is /metrics, not /q/metrics",
        kind("Deployment", d -> annotations(d).put("prometheus.io/path", "/metrics")));
  }

  @Test
  void noCpuRequest() {
    expect(
        "container backstop has no cpu request",
        kind("Deployment", d -> container(d).with("resources").with("requests").remove("cpu")));
  }

  @Test
  void requestAboveLimit() {
    expect(
        "requests more memory (2Gi) than its limit (1Gi)",
        kind(
            "Deployment",
            d -> container(d).with("resources").with("requests").put("memory", "2Gi")));
  }

  @Test
  void heapNotRelativeToTheLimit() {
    expect(
        "JVM options lack -XX:MaxRAMPercentage",
        kind(
            "Deployment",
            d -> ((ObjectNode) container(d).get("env").get(0)).put("value", "-XX:+UseG1GC")));
  }

  @Test
  void heapLeavesTooLittleBesideIt() {
    expect(
        "leaves 204 MiB beside the heap, below the 400 MiB non-heap budget",
        kind("Deployment", d -> appendJavaOption(d, "-XX:MaxRAMPercentage=80")));
  }

  @Test
  void podMayRunAsRoot() {
    expect(
        "pod securityContext.runAsNonRoot is not true",
        kind("Deployment", d -> pod(d).with("securityContext").put("runAsNonRoot", false)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hostNetwork", "hostPID", "hostIPC"})
  void sharesAHostNamespace(String field) {
    expect("pod shares a host namespace", kind("Deployment", d -> pod(d).put(field, true)));
  }

  @Test
  void podMountsAToken() {
    expect(
        "pod automountServiceAccountToken is not false",
        kind("Deployment", d -> pod(d).put("automountServiceAccountToken", true)));
  }

  @Test
  void serviceAccountNotRendered() {
    expect(
        "pod runs as ServiceAccount pricing, which is not rendered",
        kind("Deployment", d -> pod(d).put("serviceAccountName", "pricing")));
  }

  @Test
  void noContainerSecurityContext() {
    expect(
        "container backstop has no securityContext",
        kind("Deployment", d -> container(d).remove("securityContext")));
  }

  @Test
  void privileged() {
    expect(
        "container backstop is privileged",
        kind("Deployment", d -> container(d).with("securityContext").put("privileged", true)));
  }

  @Test
  void containerRunsAsUserZero() {
    expect(
        "container backstop runs as root",
        kind("Deployment", d -> container(d).with("securityContext").put("runAsUser", 0)));
  }

  @Test
  void capabilityAdded() {
    expect(
        "container backstop adds capabilities [NET_ADMIN]",
        kind(
            "Deployment",
            d ->
                container(d)
                    .with("securityContext")
                    .with("capabilities")
                    .putArray("add")
                    .add("NET_ADMIN")));
  }

  @Test
  void containerSeccompUnconfined() {
    expect(
        "overrides seccomp with Unconfined",
        kind(
            "Deployment",
            d ->
                container(d)
                    .with("securityContext")
                    .with("seccompProfile")
                    .put("type", "Unconfined")));
  }

  @Test
  void readOnlyTmp() {
    expect(
        "has no writable /tmp",
        kind(
            "Deployment",
            d -> ((ObjectNode) container(d).get("volumeMounts").get(0)).put("readOnly", true)));
  }

  @Test
  void tmpOnTheHost() {
    expect(
        "/tmp is not an emptyDir volume",
        kind(
            "Deployment",
            d -> {
              ObjectNode volume = (ObjectNode) pod(d).get("volumes").get(0);
              volume.remove("emptyDir");
              volume.with("hostPath").put("path", "/tmp");
            }));
  }

  @Test
  void noSpread() {
    expect(
        "pod has no topologySpreadConstraints",
        kind("Deployment", d -> pod(d).remove("topologySpreadConstraints")));
  }

  @Test
  void configMapNotRendered() {
    expect(
        "container reads ConfigMap pricing-config, which is not rendered",
        kind(
            "Deployment",
            d ->
                ((ObjectNode) container(d).get("envFrom").get(0))
                    .with("configMapRef")
                    .put("name", "pricing-config")));
  }

  @Test
  void noDrainTimeout() {
    expect(
        "the ConfigMap does not set BACKSTOP_SHUTDOWN_DRAIN_TIMEOUT",
        kind("ConfigMap", c -> c.with("data").remove("BACKSTOP_SHUTDOWN_DRAIN_TIMEOUT")));
  }

  @Test
  void servicePortTargetsNothing() {
    expect(
        "Service backstop port metrics targets no container port",
        named(
            "Service",
            "backstop",
            s ->
                ((ObjectNode) s.with("spec").withArray("ports").get(1)).put("targetPort", "http")));
  }

  @Test
  void grpcPortWithoutAppProtocol() {
    expect(
        "Service backstop-headless gRPC port lacks appProtocol: grpc",
        named(
            "Service",
            "backstop-headless",
            s -> ((ObjectNode) s.with("spec").withArray("ports").get(0)).remove("appProtocol")));
  }

  @Test
  void serviceWithoutGrpc() {
    expect(
        "Service backstop has no port to gRPC on 9000",
        named("Service", "backstop", s -> s.with("spec").withArray("ports").remove(0)));
  }

  @Test
  void noClusterIpService() {
    expect(
        "expected one ClusterIP Service, found 0",
        named("Service", "backstop", s -> s.with("spec").put("type", "NodePort")));
  }

  @Test
  void autoscalerOnMemory() {
    expect(
        "HorizontalPodAutoscaler backstop does not scale on CPU",
        kind(
            "HorizontalPodAutoscaler",
            h ->
                ((ObjectNode) h.with("spec").withArray("metrics").get(0))
                    .with("resource")
                    .put("name", "memory")));
  }

  @Test
  void autoscalerMinAboveMax() {
    expect(
        "has minReplicas 20 and maxReplicas 12",
        kind("HorizontalPodAutoscaler", h -> h.with("spec").put("minReplicas", 20)));
  }

  @Test
  void noDisruptionBudget() {
    expect("expected one PodDisruptionBudget, found 0", without("PodDisruptionBudget"));
  }

  @Test
  void noNetworkPolicy() {
    expect("expected one NetworkPolicy, found 0", without("NetworkPolicy"));
  }

  @Test
  void networkPolicyForOtherPods() {
    expect(
        "NetworkPolicy does not select the Deployment's pods",
        kind(
            "NetworkPolicy",
            n ->
                n.with("spec")
                    .with("podSelector")
                    .with("matchLabels")
                    .put("app.kubernetes.io/name", "x")));
  }

  @Test
  void networkPolicyForEgressOnly() {
    expect(
        "NetworkPolicy does not restrict Ingress",
        kind("NetworkPolicy", n -> n.with("spec").putArray("policyTypes").add("Egress")));
  }

  @Test
  void ingressRuleFromEverywhere() {
    expect(
        "admits every source (no `from`)",
        kind("NetworkPolicy", n -> ingressRule(n, 0).remove("from")));
  }

  @Test
  void ingressRuleToEveryPort() {
    expect(
        "admits every port (no `ports`)",
        kind("NetworkPolicy", n -> ingressRule(n, 1).remove("ports")));
  }

  @Test
  void networkPolicyNamesAnUnknownPort() {
    expect(
        "NetworkPolicy port http is no container port",
        kind(
            "NetworkPolicy",
            n -> ((ObjectNode) ingressRule(n, 0).get("ports").get(0)).put("port", "http")));
  }

  @Test
  void networkPolicyOpensAnUnusedPort() {
    expect(
        "NetworkPolicy opens port 8080, which the service does not use",
        kind(
            "NetworkPolicy",
            n -> ingressRule(n, 0).withArray("ports").addObject().put("port", 8080)));
  }

  @Test
  void noGrpcIngress() {
    expect(
        "NetworkPolicy admits no gRPC traffic on 9000",
        kind("NetworkPolicy", n -> n.with("spec").withArray("ingress").remove(0)));
  }

  @Test
  void noScrapeIngress() {
    expect(
        "NetworkPolicy admits no scrapes on 9090",
        kind("NetworkPolicy", n -> n.with("spec").withArray("ingress").remove(1)));
  }

  @Test
  void serviceMonitorSelectsNoService() {
    expect(
        "ServiceMonitor selects no Service",
        kind(
            "ServiceMonitor",
            m ->
                m.with("spec")
                    .with("selector")
                    .with("matchLabels")
                    .put("app.kubernetes.io/name", "x")));
  }

  @Test
  void serviceMonitorOnAnotherPath() {
    expect(
        "ServiceMonitor path is not /q/metrics",
        kind(
            "ServiceMonitor",
            m ->
                ((ObjectNode) m.with("spec").withArray("endpoints").get(0))
                    .put("path", "/metrics")));
  }

  @Test
  void namespaceNotRestricted() {
    expect(
        "Namespace backstop does not enforce the restricted Pod Security level",
        kind(
            "Namespace",
            n ->
                n.with("metadata")
                    .with("labels")
                    .put("pod-security.kubernetes.io/enforce", "baseline")));
  }

  @Test
  void twoNamespaces() {
    List<ObjectNode> documents = production.copyOfDocuments();
    ObjectNode other =
        documents.stream()
            .filter(d -> d.path("kind").asText().equals("Namespace"))
            .findFirst()
            .orElseThrow()
            .deepCopy();
    other.with("metadata").put("name", "backstop-other");
    documents.add(other);
    expect("more than one Namespace rendered", Manifests.of(documents));
  }

  /** End to end: a broken kustomize source, rendered by kubectl, fails the rules. */
  @Test
  void brokenSourceCopyFailsAfterRendering(@TempDir Path copy) throws IOException {
    Path source = Repo.k8s();
    for (String dir : List.of("base", "overlays/production")) {
      try (Stream<Path> files = Files.walk(source.resolve(dir))) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
    }
    Path deployment = copy.resolve("base/deployment.yaml");
    String text = Files.readString(deployment);
    String broken = text.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false");
    assertTrue(!broken.equals(text), "the deployment sets readOnlyRootFilesystem: true");
    Files.writeString(deployment, broken);

    Manifests rendered = Manifests.parse(Kustomize.render(copy.resolve("overlays/production")));
    List<String> violations = ManifestRules.check(rendered, SETTINGS);
    assertTrue(
        violations.stream().anyMatch(v -> v.contains("readOnlyRootFilesystem is not true")),
        "expected the broken copy to fail, got " + violations);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static void expect(String fragment, Manifests broken) {
    List<String> violations = ManifestRules.check(broken, SETTINGS);
    assertTrue(
        violations.stream().anyMatch(v -> v.contains(fragment)),
        "expected a violation containing \"" + fragment + "\", got " + violations);
  }

  private static Manifests without(String kind) {
    List<ObjectNode> documents = production.copyOfDocuments();
    assertTrue(documents.removeIf(d -> kind.equals(d.path("kind").asText())), "a " + kind);
    return Manifests.of(documents);
  }

  private static Manifests kind(String kind, Consumer<ObjectNode> breakIt) {
    return named(kind, null, breakIt);
  }

  private static Manifests named(String kind, String name, Consumer<ObjectNode> breakIt) {
    List<ObjectNode> documents = production.copyOfDocuments();
    int changed = 0;
    for (ObjectNode document : documents) {
      if (kind.equals(document.path("kind").asText())
          && (name == null || name.equals(document.path("metadata").path("name").asText()))) {
        breakIt.accept(document);
        changed++;
      }
    }
    assertEquals(1, changed, "exactly one " + kind + " " + name + " to break");
    return Manifests.of(documents);
  }

  private static ObjectNode pod(ObjectNode deployment) {
    return deployment.with("spec").with("template").with("spec");
  }

  private static ObjectNode annotations(ObjectNode deployment) {
    return deployment.with("spec").with("template").with("metadata").with("annotations");
  }

  private static ObjectNode ingressRule(ObjectNode policy, int index) {
    return (ObjectNode) policy.with("spec").withArray("ingress").get(index);
  }

  private static ObjectNode spread(ObjectNode deployment, int index) {
    return (ObjectNode) pod(deployment).withArray("topologySpreadConstraints").get(index);
  }

  private static ObjectNode container(ObjectNode deployment) {
    return (ObjectNode) pod(deployment).withArray("containers").get(0);
  }

  /** Appends an option to the JVM options of the deployment's container (its first env entry). */
  private static void appendJavaOption(ObjectNode deployment, String option) {
    ObjectNode env = (ObjectNode) container(deployment).get("env").get(0);
    env.put("value", env.get("value").asText() + " " + option);
  }
}
