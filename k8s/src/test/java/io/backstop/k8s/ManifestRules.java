package io.backstop.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every rendering of k8s/ must satisfy, checked against the service's own settings.
 * {@link #check} returns every broken rule as a sentence; an empty list means the rendering is fit
 * to deploy as far as can be told without a cluster.
 */
final class ManifestRules {

  /** The heap the service needs for a maximum-size request (the performance target). */
  static final long REQUIRED_HEAP_BYTES = 512L << 20;

  /**
   * Memory outside the heap that the container limit must leave room for, in MiB: metaspace cap 128
   * + code cache cap 64 + direct memory cap 64 + thread stacks ~32 (about 60 threads at 512 KiB) +
   * G1 structures ~48 (39 measured at a 512 MiB heap) + class-data sharing 16 + malloc and the rest
   * ~48. See docs/operations.md, "Memory sizing".
   */
  static final long NON_HEAP_BUDGET_BYTES = 400L << 20;

  /** Time between the end of the drain and SIGKILL, for the JVM to exit after the drain. */
  static final Duration GRACE_MARGIN = Duration.ofSeconds(5);

  /** The one service name, besides the server's "", that the gRPC health service knows. */
  static final String HEALTH_SERVICE = "backstop.v1.PricingService";

  static final String CLIENT_NAMESPACE_LABEL = "backstop.io/client";
  static final String MONITORING_NAMESPACE = "monitoring";

  private static final Pattern MAX_RAM_PERCENTAGE =
      Pattern.compile("-XX:MaxRAMPercentage=([0-9]+(?:\\.[0-9]+)?)");
  private static final Pattern SIMPLE_DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");

  private final ServiceSettings settings;
  private final List<String> violations = new ArrayList<>();

  private ManifestRules(ServiceSettings settings) {
    this.settings = settings;
  }

  static List<String> check(Manifests manifests, ServiceSettings settings) {
    ManifestRules rules = new ManifestRules(settings);
    rules.run(manifests);
    return List.copyOf(rules.violations);
  }

  private void run(Manifests manifests) {
    for (Object object : manifests.objects()) {
      if (object instanceof HasMetadata resource) {
        violations.addAll(UnknownFields.find(resource, describe(resource)));
      } else if (object instanceof JsonNode node
          && node.path("kind").asText().equals("ServiceMonitor")) {
        violations.addAll(
            UnknownFields.findOutside(
                node,
                UnknownFields.SERVICE_MONITOR,
                "ServiceMonitor/" + node.path("metadata").path("name").asText()));
      } else {
        violations.add("no field check for " + object); // Manifests.TYPES admitted a new kind
      }
    }
    List<Deployment> deployments = manifests.all(Deployment.class);
    if (deployments.size() != 1) {
      violations.add("expected exactly one Deployment, found " + deployments.size());
      return;
    }
    Deployment deployment = deployments.get(0);
    Map<String, String> podLabels = podLabels(deployment);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    checkDeploymentSelector(deployment, podLabels);
    checkContainers(deployment, pod);
    checkPodSecurity(manifests, pod);
    checkTopologySpread(pod, podLabels);
    if (!pod.getContainers().isEmpty()) {
      Container main = pod.getContainers().get(0);
      Map<String, String> config = configMapEnvironment(manifests, main);
      checkShutdown(config, pod, main);
      checkServiceKeys(config, main);
    }
    checkServices(manifests, pod, podLabels);
    checkAutoscaler(manifests, deployment);
    checkDisruptionBudget(manifests, podLabels);
    checkNetworkPolicy(manifests, pod, podLabels);
    checkServiceMonitors(manifests, pod);
    checkNamespaces(manifests);
  }

  // --- Deployment ------------------------------------------------------------------------------

  private void checkDeploymentSelector(Deployment deployment, Map<String, String> podLabels) {
    LabelSelector selector = deployment.getSpec().getSelector();
    if (!selects(selector, podLabels)) {
      violations.add(
          "Deployment selector "
              + selectorText(selector)
              + " does not match its pod labels "
              + podLabels);
    }
  }

  private void checkContainers(Deployment deployment, PodSpec pod) {
    List<Container> all = new ArrayList<>(pod.getContainers());
    all.addAll(pod.getInitContainers());
    for (Container container : all) {
      checkResources(container);
      checkContainerSecurity(pod, container);
    }
    Container main = pod.getContainers().isEmpty() ? null : pod.getContainers().get(0);
    if (main == null) {
      violations.add("the Deployment has no container");
      return;
    }
    int grpc = settings.grpcPort();
    Integer declaredGrpc = containerPort(main, "grpc");
    if (!Objects.equals(declaredGrpc, grpc)) {
      violations.add(
          "container port 'grpc' is "
              + declaredGrpc
              + ", the service serves gRPC on "
              + grpc
              + " (quarkus.http.port)");
    }
    Integer declaredMetrics = containerPort(main, "metrics");
    if (!Objects.equals(declaredMetrics, settings.managementPort())) {
      violations.add(
          "container port 'metrics' is "
              + declaredMetrics
              + ", the management interface is on "
              + settings.managementPort()
              + " (quarkus.management.port)");
    }
    checkGrpcProbe("readinessProbe", main.getReadinessProbe(), main);
    checkGrpcProbe("livenessProbe", main.getLivenessProbe(), main);
    checkGrpcProbe("startupProbe", main.getStartupProbe(), main);
    checkScrapeAnnotations(deployment.getSpec().getTemplate().getMetadata().getAnnotations());
    checkJvmMemory(main);
  }

  private void checkGrpcProbe(String name, Probe probe, Container container) {
    if (probe == null) {
      violations.add("container " + container.getName() + " has no " + name);
      return;
    }
    if (probe.getGrpc() == null) {
      violations.add(name + " is not a gRPC probe (grpc.health.v1 on the gRPC port)");
      return;
    }
    Integer port = probe.getGrpc().getPort();
    if (!Objects.equals(port, settings.grpcPort())) {
      violations.add(
          name + " probes port " + port + ", the service serves gRPC on " + settings.grpcPort());
    }
    // The health service knows the server ("") and the pricing service only; any other name is
    // answered UNKNOWN (not an error), so a misspelt name would keep the probe failing forever.
    String service = probe.getGrpc().getService();
    if (service != null && !service.isEmpty() && !service.equals(HEALTH_SERVICE)) {
      violations.add(
          name
              + " checks gRPC health of '"
              + service
              + "'; the service answers only \"\" and "
              + HEALTH_SERVICE);
    }
  }

  private void checkScrapeAnnotations(Map<String, String> annotations) {
    Map<String, String> present = annotations == null ? Map.of() : annotations;
    if (!"true".equals(present.get("prometheus.io/scrape"))) {
      violations.add("pod template lacks prometheus.io/scrape: \"true\"");
    }
    if (!String.valueOf(settings.managementPort()).equals(present.get("prometheus.io/port"))) {
      violations.add(
          "prometheus.io/port is "
              + present.get("prometheus.io/port")
              + ", metrics are on "
              + settings.managementPort());
    }
    if (!"/q/metrics".equals(present.get("prometheus.io/path"))) {
      violations.add(
          "prometheus.io/path is " + present.get("prometheus.io/path") + ", not /q/metrics");
    }
  }

  private void checkResources(Container container) {
    ResourceRequirements resources = container.getResources();
    Map<String, Quantity> requests = resources == null ? null : resources.getRequests();
    Map<String, Quantity> limits = resources == null ? null : resources.getLimits();
    for (String resource : List.of("cpu", "memory")) {
      Quantity request = requests == null ? null : requests.get(resource);
      Quantity limit = limits == null ? null : limits.get(resource);
      if (request == null) {
        violations.add("container " + container.getName() + " has no " + resource + " request");
      }
      if (limit == null) {
        violations.add("container " + container.getName() + " has no " + resource + " limit");
      }
      if (request != null
          && limit != null
          && Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
        violations.add(
            "container "
                + container.getName()
                + " requests more "
                + resource
                + " ("
                + request
                + ") than its limit ("
                + limit
                + ")");
      }
    }
  }

  /** Heap = memory limit x MaxRAMPercentage must hold the required heap and leave the rest. */
  private void checkJvmMemory(Container container) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar variable : container.getEnv()) {
      // Of a name given twice the kubelet keeps the last.
      env.put(variable.getName(), Objects.toString(variable.getValue(), ""));
    }
    // The JVM reads JAVA_TOOL_OPTIONS first, then JDK_JAVA_OPTIONS (the launcher puts it before
    // the command line's own flags), then _JAVA_OPTIONS; of a flag given twice, the last counts.
    String options =
        String.join(
            " ",
            env.getOrDefault("JAVA_TOOL_OPTIONS", ""),
            env.getOrDefault("JDK_JAVA_OPTIONS", ""),
            env.getOrDefault("_JAVA_OPTIONS", ""));
    if (options.contains("-Xmx") || options.contains("MaxHeapSize")) {
      violations.add("JVM options fix the heap (-Xmx); size it from the container limit instead");
    }
    String percent = null;
    Matcher percentage = MAX_RAM_PERCENTAGE.matcher(options);
    while (percentage.find()) {
      percent = percentage.group(1);
    }
    if (percent == null) {
      violations.add("JVM options lack -XX:MaxRAMPercentage: the heap would ignore the limit");
      return;
    }
    Map<String, Quantity> limits =
        container.getResources() == null ? null : container.getResources().getLimits();
    Quantity memory = limits == null ? null : limits.get("memory");
    if (memory == null) {
      return; // reported by checkResources
    }
    BigDecimal limitBytes = Quantity.getAmountInBytes(memory);
    long heapBytes = limitBytes.multiply(new BigDecimal(percent)).movePointLeft(2).longValue();
    if (heapBytes < REQUIRED_HEAP_BYTES) {
      violations.add(
          "heap "
              + (heapBytes >> 20)
              + " MiB ("
              + memory
              + " x "
              + percent
              + "%) is below the "
              + (REQUIRED_HEAP_BYTES >> 20)
              + " MiB a maximum request needs");
    }
    long nonHeapBytes = limitBytes.longValue() - heapBytes;
    if (nonHeapBytes < NON_HEAP_BUDGET_BYTES) {
      violations.add(
          "memory limit "
              + memory
              + " leaves "
              + (nonHeapBytes >> 20)
              + " MiB beside the heap, below the "
              + (NON_HEAP_BUDGET_BYTES >> 20)
              + " MiB non-heap budget");
    }
  }

  // --- Security --------------------------------------------------------------------------------

  private void checkPodSecurity(Manifests manifests, PodSpec pod) {
    PodSecurityContext context = pod.getSecurityContext();
    if (context == null || !Boolean.TRUE.equals(context.getRunAsNonRoot())) {
      violations.add("pod securityContext.runAsNonRoot is not true");
    }
    if (context == null || context.getRunAsUser() == null || context.getRunAsUser() == 0) {
      violations.add("pod securityContext.runAsUser is not a non-zero user id");
    }
    if (context == null
        || context.getSeccompProfile() == null
        || !"RuntimeDefault".equals(context.getSeccompProfile().getType())) {
      violations.add("pod seccompProfile is not RuntimeDefault");
    }
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      violations.add("pod shares a host namespace (hostNetwork/hostPID/hostIPC)");
    }
    if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
      violations.add("pod automountServiceAccountToken is not false");
    }
    String accountName = pod.getServiceAccountName();
    ServiceAccount account = null;
    for (ServiceAccount candidate : manifests.all(ServiceAccount.class)) {
      if (candidate.getMetadata().getName().equals(accountName)) {
        account = candidate;
      }
    }
    if (account == null) {
      violations.add("pod runs as ServiceAccount " + accountName + ", which is not rendered");
    } else if (!Boolean.FALSE.equals(account.getAutomountServiceAccountToken())) {
      violations.add("ServiceAccount " + accountName + " automounts its token");
    }
  }

  private void checkContainerSecurity(PodSpec pod, Container container) {
    String name = "container " + container.getName();
    SecurityContext context = container.getSecurityContext();
    if (context == null) {
      violations.add(name + " has no securityContext");
      return;
    }
    if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
      violations.add(name + ": allowPrivilegeEscalation is not false");
    }
    if (Boolean.TRUE.equals(context.getPrivileged())) {
      violations.add(name + " is privileged");
    }
    if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
      violations.add(name + ": readOnlyRootFilesystem is not true");
    }
    if (context.getRunAsUser() != null && context.getRunAsUser() == 0) {
      violations.add(name + " runs as root");
    }
    // A container's setting overrides the pod's: false here undoes the pod's runAsNonRoot: true.
    if (Boolean.FALSE.equals(context.getRunAsNonRoot())) {
      violations.add(name + ": runAsNonRoot is false, overriding the pod's");
    }
    if (context.getCapabilities() == null || !context.getCapabilities().getDrop().contains("ALL")) {
      violations.add(name + " does not drop ALL capabilities");
    } else if (!context.getCapabilities().getAdd().isEmpty()) {
      violations.add(name + " adds capabilities " + context.getCapabilities().getAdd());
    }
    if (context.getSeccompProfile() != null
        && !"RuntimeDefault".equals(context.getSeccompProfile().getType())) {
      violations.add(name + " overrides seccomp with " + context.getSeccompProfile().getType());
    }
    VolumeMount tmp = null;
    for (VolumeMount mount : container.getVolumeMounts()) {
      if (mount.getMountPath().equals("/tmp")) {
        tmp = mount;
      }
    }
    if (tmp == null || Boolean.TRUE.equals(tmp.getReadOnly())) {
      violations.add(name + " has no writable /tmp (the root filesystem is read-only)");
    } else {
      boolean emptyDir = false;
      for (Volume volume : pod.getVolumes()) {
        if (volume.getName().equals(tmp.getName()) && volume.getEmptyDir() != null) {
          emptyDir = true;
        }
      }
      if (!emptyDir) {
        violations.add(name + ": /tmp is not an emptyDir volume");
      }
    }
  }

  private void checkTopologySpread(PodSpec pod, Map<String, String> podLabels) {
    List<TopologySpreadConstraint> constraints = pod.getTopologySpreadConstraints();
    if (constraints.isEmpty()) {
      violations.add("pod has no topologySpreadConstraints");
    }
    for (TopologySpreadConstraint constraint : constraints) {
      if (!selects(constraint.getLabelSelector(), podLabels)) {
        violations.add(
            "topology spread over "
                + constraint.getTopologyKey()
                + " does not select the Deployment's pods");
      }
      // Ignore (the default) counts nodes with taints the pod does not tolerate as empty domains
      // it can never fill: under DoNotSchedule, pods beyond the usable nodes stay Pending.
      if (!"Honor".equals(constraint.getNodeTaintsPolicy())) {
        violations.add(
            "topology spread over "
                + constraint.getTopologyKey()
                + " lacks nodeTaintsPolicy: Honor (tainted nodes would count as empty domains)");
      }
    }
  }

  // --- Shutdown --------------------------------------------------------------------------------

  /** The variables the container takes from ConfigMaps (envFrom), under their env names. */
  private Map<String, String> configMapEnvironment(Manifests manifests, Container main) {
    Map<String, String> config = new HashMap<>();
    for (EnvFromSource source : main.getEnvFrom()) {
      if (source.getConfigMapRef() == null) {
        continue;
      }
      String name = source.getConfigMapRef().getName();
      ConfigMap found = null;
      for (ConfigMap map : manifests.all(ConfigMap.class)) {
        if (map.getMetadata().getName().equals(name)) {
          found = map;
        }
      }
      if (found == null) {
        violations.add("container reads ConfigMap " + name + ", which is not rendered");
      } else if (found.getData() != null) {
        String prefix = Objects.toString(source.getPrefix(), "");
        found.getData().forEach((key, value) -> config.put(prefix + key, value));
      }
    }
    return config;
  }

  /**
   * Every BACKSTOP_* variable must be a key of the service's BackstopConfig: SmallRye ignores an
   * environment variable that matches no key, so a misspelt one would switch a setting off
   * silently.
   */
  private void checkServiceKeys(Map<String, String> config, Container main) {
    List<String> names = new ArrayList<>(config.keySet());
    for (EnvVar env : main.getEnv()) {
      names.add(env.getName());
    }
    for (String name : new TreeSet<>(names)) {
      if (name.startsWith("BACKSTOP_") && !settings.backstopEnvironmentNames().contains(name)) {
        violations.add(
            "the container's environment sets "
                + name
                + ", which is no key of BackstopConfig (the service would ignore it)");
      }
    }
  }

  private void checkShutdown(Map<String, String> config, PodSpec pod, Container main) {
    Duration preStop = preStopSleep(main);
    // application.properties derives quarkus.shutdown.timeout from the drain timeout; a fixed
    // QUARKUS_SHUTDOWN_TIMEOUT would stay behind when only the drain is changed.
    boolean fixedQuarkusTimeout = config.containsKey("QUARKUS_SHUTDOWN_TIMEOUT");
    for (EnvVar env : main.getEnv()) {
      fixedQuarkusTimeout |= env.getName().equals("QUARKUS_SHUTDOWN_TIMEOUT");
    }
    if (fixedQuarkusTimeout) {
      violations.add(
          "QUARKUS_SHUTDOWN_TIMEOUT is set: quarkus.shutdown.timeout must follow"
              + " backstop.shutdown.drain-timeout (application.properties), set only the drain");
    }
    String drain = config.get("BACKSTOP_SHUTDOWN_DRAIN_TIMEOUT");
    if (drain == null) {
      violations.add("the ConfigMap does not set BACKSTOP_SHUTDOWN_DRAIN_TIMEOUT");
      return;
    }
    // The service's drain and Quarkus's wait for HTTP streams both start at SIGTERM (after the
    // optional quarkus.shutdown.delay) and overlap: the longer one counts, plus the delay.
    Duration longestDrain = duration(drain);
    String quarkusTimeout = config.get("QUARKUS_SHUTDOWN_TIMEOUT");
    if (quarkusTimeout != null && duration(quarkusTimeout).compareTo(longestDrain) > 0) {
      longestDrain = duration(quarkusTimeout);
    }
    String delay = config.get("QUARKUS_SHUTDOWN_DELAY");
    if (delay != null) {
      longestDrain = longestDrain.plus(duration(delay));
    }
    Duration needed = preStop.plus(longestDrain).plus(GRACE_MARGIN);
    Long grace = pod.getTerminationGracePeriodSeconds();
    if (grace == null || Duration.ofSeconds(grace).compareTo(needed) < 0) {
      violations.add(
          "terminationGracePeriodSeconds "
              + grace
              + " is shorter than preStop "
              + preStop
              + " + drain "
              + longestDrain
              + " + margin "
              + GRACE_MARGIN);
    }
  }

  /**
   * The preStop pause: only the {@code sleep} action, whose length the grace period can be checked
   * against. Anything else (an {@code exec: sleep 60}, an httpGet) takes an unknown time out of the
   * grace period, so it fails instead of counting as no pause; so does a missing pause, which the
   * endpoints and the clients' DNS caches need to drop the pod before SIGTERM.
   */
  private Duration preStopSleep(Container main) {
    LifecycleHandler preStop =
        main.getLifecycle() == null ? null : main.getLifecycle().getPreStop();
    if (preStop == null) {
      violations.add("container " + main.getName() + " has no preStop sleep before SIGTERM");
      return Duration.ZERO;
    }
    boolean sleepOnly =
        preStop.getSleep() != null
            && preStop.getSleep().getSeconds() != null
            && preStop.getSleep().getSeconds() > 0
            && preStop.getExec() == null
            && preStop.getHttpGet() == null
            && preStop.getTcpSocket() == null;
    if (!sleepOnly) {
      violations.add(
          "preStop is not a `sleep: {seconds: N}` action (N > 0): its length cannot be checked"
              + " against terminationGracePeriodSeconds");
      return Duration.ZERO;
    }
    return Duration.ofSeconds(preStop.getSleep().getSeconds());
  }

  /** Quarkus durations: a number with ms/s/m/h (seconds if none), or ISO-8601 (PT30S). */
  static Duration duration(String text) {
    String value = text.trim();
    Matcher simple = SIMPLE_DURATION.matcher(value);
    if (!simple.matches()) {
      return Duration.parse(value);
    }
    long amount = Long.parseLong(simple.group(1));
    String unit = simple.group(2) == null ? "s" : simple.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  // --- Services --------------------------------------------------------------------------------

  private void checkServices(Manifests manifests, PodSpec pod, Map<String, String> podLabels) {
    int clusterIp = 0;
    int headless = 0;
    for (Service service : manifests.all(Service.class)) {
      String name = "Service " + service.getMetadata().getName();
      Map<String, String> selector = service.getSpec().getSelector();
      if (selector == null || selector.isEmpty() || !contains(podLabels, selector)) {
        violations.add(name + " selector " + selector + " does not match the pod labels");
      }
      boolean servesGrpc = false;
      for (ServicePort port : service.getSpec().getPorts()) {
        Integer target = resolve(port.getTargetPort(), port.getPort(), pod);
        if (target == null) {
          violations.add(name + " port " + port.getName() + " targets no container port");
        } else if (target == settings.grpcPort()) {
          servesGrpc = true;
          if (!"grpc".equals(port.getAppProtocol())) {
            violations.add(name + " gRPC port lacks appProtocol: grpc (meshes read it)");
          }
        }
      }
      if (!servesGrpc) {
        violations.add(name + " has no port to gRPC on " + settings.grpcPort());
      }
      if ("None".equals(service.getSpec().getClusterIP())) {
        headless++;
      } else if (service.getSpec().getType() == null
          || service.getSpec().getType().equals("ClusterIP")) {
        clusterIp++;
      }
    }
    if (clusterIp != 1) {
      violations.add("expected one ClusterIP Service, found " + clusterIp);
    }
    if (headless != 1) {
      violations.add(
          "expected one headless Service (clusterIP: None) for client-side balancing, found "
              + headless);
    }
  }

  // --- Scaling and disruption ------------------------------------------------------------------

  private void checkAutoscaler(Manifests manifests, Deployment deployment) {
    for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
      String name = "HorizontalPodAutoscaler " + hpa.getMetadata().getName();
      var target = hpa.getSpec().getScaleTargetRef();
      if (!"Deployment".equals(target.getKind())
          || !"apps/v1".equals(target.getApiVersion())
          || !deployment.getMetadata().getName().equals(target.getName())) {
        violations.add(
            name
                + " targets "
                + target.getApiVersion()
                + " "
                + target.getKind()
                + " "
                + target.getName()
                + ", not Deployment "
                + deployment.getMetadata().getName());
      }
      boolean cpu = false;
      for (MetricSpec metric : hpa.getSpec().getMetrics()) {
        if ("Resource".equals(metric.getType())
            && metric.getResource() != null
            && "cpu".equals(metric.getResource().getName())) {
          cpu = true;
        }
      }
      if (!cpu) {
        violations.add(name + " does not scale on CPU");
      }
      Integer min = hpa.getSpec().getMinReplicas();
      if (min == null || min < 1 || min > hpa.getSpec().getMaxReplicas()) {
        violations.add(
            name
                + " has minReplicas "
                + min
                + " and maxReplicas "
                + hpa.getSpec().getMaxReplicas());
      }
    }
  }

  private void checkDisruptionBudget(Manifests manifests, Map<String, String> podLabels) {
    List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class);
    if (budgets.size() != 1) {
      violations.add("expected one PodDisruptionBudget, found " + budgets.size());
    }
    for (PodDisruptionBudget budget : budgets) {
      if (!selects(budget.getSpec().getSelector(), podLabels)) {
        violations.add(
            "PodDisruptionBudget "
                + budget.getMetadata().getName()
                + " does not select the Deployment's pods");
      }
    }
  }

  // --- Network policy --------------------------------------------------------------------------

  private void checkNetworkPolicy(Manifests manifests, PodSpec pod, Map<String, String> podLabels) {
    List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);
    if (policies.size() != 1) {
      violations.add("expected one NetworkPolicy, found " + policies.size());
      return;
    }
    NetworkPolicy policy = policies.get(0);
    if (!selects(policy.getSpec().getPodSelector(), podLabels)) {
      violations.add("NetworkPolicy does not select the Deployment's pods");
    }
    if (!policy.getSpec().getPolicyTypes().contains("Ingress")) {
      violations.add("NetworkPolicy does not restrict Ingress");
    }
    boolean grpcOpen = false;
    boolean metricsOpen = false;
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      if (rule.getFrom().isEmpty()) {
        violations.add("a NetworkPolicy ingress rule admits every source (no `from`)");
        continue;
      }
      if (rule.getPorts().isEmpty()) {
        violations.add("a NetworkPolicy ingress rule admits every port (no `ports`)");
        continue;
      }
      for (NetworkPolicyPort port : rule.getPorts()) {
        if (port.getEndPort() != null) {
          // port..endPort opens a range, which the checks below would read as its first port.
          violations.add(
              "NetworkPolicy port "
                  + text(port.getPort())
                  + " has endPort "
                  + port.getEndPort()
                  + ": a rule opens single ports only");
          continue;
        }
        Integer number = resolve(port.getPort(), null, pod);
        if (number == null) {
          violations.add("NetworkPolicy port " + text(port.getPort()) + " is no container port");
        } else if (number == settings.grpcPort()) {
          grpcOpen = true;
          checkPeers(rule.getFrom(), CLIENT_NAMESPACE_LABEL, "true", "gRPC");
        } else if (number == settings.managementPort()) {
          metricsOpen = true;
          checkPeers(
              rule.getFrom(), "kubernetes.io/metadata.name", MONITORING_NAMESPACE, "metrics");
        } else {
          violations.add("NetworkPolicy opens port " + number + ", which the service does not use");
        }
      }
    }
    if (!grpcOpen) {
      violations.add("NetworkPolicy admits no gRPC traffic on " + settings.grpcPort());
    }
    if (!metricsOpen) {
      violations.add("NetworkPolicy admits no scrapes on " + settings.managementPort());
    }
  }

  /** Every peer must be a namespace selector requiring {@code key=value}, nothing wider. */
  private void checkPeers(List<NetworkPolicyPeer> peers, String key, String value, String what) {
    for (NetworkPolicyPeer peer : peers) {
      LabelSelector namespaces = peer.getNamespaceSelector();
      boolean narrow =
          peer.getIpBlock() == null
              && namespaces != null
              && namespaces.getMatchLabels() != null
              && value.equals(namespaces.getMatchLabels().get(key));
      if (!narrow) {
        violations.add(
            "NetworkPolicy admits "
                + what
                + " from a peer not limited to namespaces with "
                + key
                + "="
                + value);
      }
    }
  }

  // --- ServiceMonitor and namespaces -----------------------------------------------------------

  private void checkServiceMonitors(Manifests manifests, PodSpec pod) {
    for (JsonNode monitor : manifests.ofKind("ServiceMonitor")) {
      Map<String, String> selector = new HashMap<>();
      monitor
          .path("spec")
          .path("selector")
          .path("matchLabels")
          .fields()
          .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
      List<Service> selected = new ArrayList<>();
      for (Service service : manifests.all(Service.class)) {
        Map<String, String> labels = service.getMetadata().getLabels();
        if (!selector.isEmpty() && labels != null && contains(labels, selector)) {
          selected.add(service);
        }
      }
      if (selected.isEmpty()) {
        violations.add("ServiceMonitor selects no Service (" + selector + ")");
      }
      for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
        String portName = endpoint.path("port").asText();
        boolean scrapesMetrics = false;
        for (Service service : selected) {
          for (ServicePort port : service.getSpec().getPorts()) {
            if (portName.equals(port.getName())
                && Objects.equals(
                    resolve(port.getTargetPort(), port.getPort(), pod),
                    settings.managementPort())) {
              scrapesMetrics = true;
            }
          }
        }
        if (!scrapesMetrics) {
          violations.add(
              "ServiceMonitor endpoint port '"
                  + portName
                  + "' is not the management port "
                  + settings.managementPort()
                  + " on a selected Service");
        }
        if (!"/q/metrics".equals(endpoint.path("path").asText())) {
          violations.add("ServiceMonitor path is not /q/metrics");
        }
      }
    }
  }

  private void checkNamespaces(Manifests manifests) {
    List<Namespace> namespaces = manifests.all(Namespace.class);
    if (namespaces.isEmpty()) {
      return; // the base: namespace chosen at apply time
    }
    if (namespaces.size() > 1) {
      violations.add("more than one Namespace rendered");
    }
    Namespace namespace = namespaces.get(0);
    String name = namespace.getMetadata().getName();
    Map<String, String> labels = namespace.getMetadata().getLabels();
    if (labels == null || !"restricted".equals(labels.get("pod-security.kubernetes.io/enforce"))) {
      violations.add("Namespace " + name + " does not enforce the restricted Pod Security level");
    }
    for (Object object : manifests.objects()) {
      String kind;
      String objectNamespace;
      if (object instanceof HasMetadata resource) {
        kind = resource.getKind();
        objectNamespace = resource.getMetadata().getNamespace();
      } else {
        JsonNode node = (JsonNode) object;
        kind = node.path("kind").asText();
        objectNamespace = node.path("metadata").path("namespace").asText(null);
      }
      if (!kind.equals("Namespace") && !name.equals(objectNamespace)) {
        violations.add(kind + " is in namespace " + objectNamespace + ", not " + name);
      }
    }
  }

  // --- Helpers ---------------------------------------------------------------------------------

  private static Map<String, String> podLabels(Deployment deployment) {
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** True when the selector is non-empty, has only matchLabels, and they are all in labels. */
  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    return selector != null
        && selector.getMatchExpressions().isEmpty()
        && selector.getMatchLabels() != null
        && !selector.getMatchLabels().isEmpty()
        && contains(labels, selector.getMatchLabels());
  }

  private static boolean contains(Map<String, String> labels, Map<String, String> required) {
    return labels.entrySet().containsAll(required.entrySet());
  }

  private static String selectorText(LabelSelector selector) {
    return selector == null ? "(none)" : String.valueOf(selector.getMatchLabels());
  }

  private static Integer containerPort(Container container, String name) {
    for (ContainerPort port : container.getPorts()) {
      if (name.equals(port.getName())) {
        return port.getContainerPort();
      }
    }
    return null;
  }

  /** A port by number or by container-port name; a missing target means the service port. */
  private static Integer resolve(IntOrString port, Integer fallback, PodSpec pod) {
    if (port == null) {
      return fallback;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    for (Container container : pod.getContainers()) {
      Integer number = containerPort(container, port.getStrVal());
      if (number != null) {
        return number;
      }
    }
    return null;
  }

  private static String text(IntOrString port) {
    return port == null
        ? "(all)"
        : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
  }

  private static String describe(HasMetadata resource) {
    return resource.getKind() + "/" + resource.getMetadata().getName();
  }
}
