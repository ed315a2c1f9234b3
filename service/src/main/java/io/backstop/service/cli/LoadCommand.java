package io.backstop.service.cli;

import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.PricingApplication;
import io.backstop.service.app.RequestLimits;
import io.backstop.service.grpc.GrpcErrors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A load benchmark against a running server: a fixed number of callers, each making blocking calls
 * back to back, bounded by a request count and a duration. Prints throughput, latency percentiles
 * and the status of every call, so a flood's outcome is visible (OK, queued then served, or
 * RESOURCE_EXHAUSTED with retry advice — never INTERNAL).
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    versionProvider = BackstopCli.Version.class,
    description =
        "Load benchmark: CONCURRENCY callers call a running server (or, without --target, the"
            + " application in-process) with the request file until"
            + " REQUESTS calls or DURATION, whichever comes first; prints throughput, p50/p99"
            + " latency and status counts.")
final class LoadCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand BackstopCli parent;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "QuoteCoverRequest as proto3 JSON.")
  Path file;

  String target;

  @Option(
      names = "--target",
      paramLabel = "HOST:PORT",
      description =
          "The server to load (only this machine's own servers). Without it the calls go to the"
              + " application in-process, the baseline for the cost of the transport.")
  void target(String value) {
    target = GrpcClient.checkTarget(value, spec.commandLine());
  }

  @Option(names = "--concurrency", defaultValue = "8", description = "Callers (default 8).")
  int concurrency;

  @Option(
      names = "--requests",
      defaultValue = "200",
      description = "Stop after this many calls in all (default 200).")
  int requests;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Stop after this long: 500ms, 30s, 5m, 1h or ISO-8601 PT30S (default 60s).")
  Duration duration;

  /** 500ms, 30s, 5m, 1h, or ISO-8601 (PT30S). */
  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    private static final java.util.regex.Pattern SHORT =
        java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      java.util.regex.Matcher m = SHORT.matcher(value.trim());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      try {
        return Duration.parse(value.trim());
      } catch (java.time.format.DateTimeParseException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: write 500ms, 30s, 5m, 1h or ISO-8601 (PT30S)");
      }
    }
  }

  @Option(
      names = "--rpc",
      defaultValue = "quote",
      description = "quote, collateral, stress or info (default quote).")
  String rpc;

  @Option(
      names = "--scenarios",
      description = "Override settings.scenarios of the file (e.g. for a flood of small calls).")
  Integer scenarios;

  @Option(
      names = "--warmup",
      defaultValue = "4",
      description = "Calls made and discarded first, to warm the server's JIT (default 4).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    if (concurrency < 1 || requests < 1 || duration.isNegative() || duration.isZero()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--concurrency and --requests must be >= 1 and --duration positive");
    }
    QuoteCoverRequest.Builder quote =
        RequestFiles.read(
            file, QuoteCoverRequest.newBuilder(), RequestLimits.DEFAULT.maxMessageBytes());
    if (scenarios != null) {
      quote.getSettingsBuilder().setScenarios(scenarios);
    }
    QuoteCoverRequest request = quote.build();
    AssessCollateralRequest collateral =
        AssessCollateralRequest.newBuilder()
            .setExposure(request.getExposure())
            .setSettings(request.getSettings())
            .build();
    StressTestRequest stress =
        StressTestRequest.newBuilder()
            .setExposure(request.getExposure())
            .addAllShocks(PricingApplication.everyAssetFalls(request.getExposure()))
            .build();
    if (!List.of("quote", "collateral", "stress", "info").contains(rpc)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--rpc must be quote, collateral, stress or info");
    }
    ManagedChannel channel = null;
    Supplier<Object> call;
    if (target == null) {
      PricingApplication app = PricingApplication.standalone(PricingApplication.corePool());
      call =
          switch (rpc) {
            case "quote" -> () -> app.quote(request, CallContext.detached());
            case "collateral" -> () -> app.assessCollateral(collateral, CallContext.detached());
            case "stress" -> () -> app.stress(stress, CallContext.detached());
            default -> app::modelInfo;
          };
    } else {
      channel =
          ManagedChannelBuilder.forTarget(target)
              .usePlaintext()
              .maxInboundMessageSize(GrpcClient.MAX_RESPONSE_BYTES)
              .build();
      var stub = PricingServiceGrpc.newBlockingStub(channel);
      call =
          switch (rpc) {
            case "quote" -> () -> stub.quoteCover(request);
            case "collateral" -> () -> stub.assessCollateral(collateral);
            case "stress" -> () -> stub.stressTest(stress);
            default -> () -> stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
          };
    }
    try {
      for (int i = 0; i < warmup; i++) {
        try {
          call.get();
        } catch (StatusRuntimeException e) {
          // A refusal at capacity or a deadline is a load outcome, not counted in the warm-up;
          // anything else (a bad file, no server) ends the run as the same call in-process or
          // from `backstop quote --target` would.
          if (!LOAD_OUTCOMES.contains(e.getStatus().getCode().name())) {
            throw GrpcClient.fromStatus(e, target);
          }
        }
      }
      return run(call);
    } finally {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The outcomes of a load run: refusals at capacity and deadlines are what a load is about; any
   * other failure (a server not there, a bad request file, a bug) means the figures measure
   * nothing.
   */
  private static final java.util.Set<String> LOAD_OUTCOMES =
      java.util.Set.of(
          "OK",
          Status.Code.RESOURCE_EXHAUSTED.name(),
          Status.Code.DEADLINE_EXCEEDED.name(),
          Status.Code.CANCELLED.name());

  /** Runs the load; EXIT_OK when some calls succeeded and the others are load outcomes. */
  private int run(Supplier<Object> call) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    AtomicLong issued = new AtomicLong();
    long[][] latencies = new long[concurrency][];
    List<Map<String, Integer>> statuses = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      int caller = t;
      Map<String, Integer> counts = new TreeMap<>();
      statuses.add(counts);
      Thread thread =
          new Thread(
              () -> {
                long[] mine = new long[requests];
                int n = 0;
                try {
                  while (System.nanoTime() < deadline && issued.incrementAndGet() <= requests) {
                    long t0 = System.nanoTime();
                    String status;
                    try {
                      call.get();
                      status = "OK";
                    } catch (RuntimeException e) {
                      // In-process failures get the status the server would send.
                      status = GrpcErrors.toStatus(e).getStatus().getCode().name();
                    }
                    mine[n++] = System.nanoTime() - t0;
                    counts.merge(status, 1, Integer::sum);
                  }
                } finally {
                  latencies[caller] = Arrays.copyOf(mine, n);
                  done.countDown();
                }
              },
              "backstop-load-" + t);
      thread.setDaemon(true);
      thread.start();
    }
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    Map<String, Integer> total = new TreeMap<>();
    statuses.forEach(m -> m.forEach((k, v) -> total.merge(k, v, Integer::sum)));
    var out = parent.out;
    out.printf(
        Locale.ROOT,
        "%s x %d callers against %s: %d calls in %.2f s%n",
        rpc,
        concurrency,
        target == null ? "the application in-process" : target,
        all.length,
        seconds);
    int ok = total.getOrDefault("OK", 0);
    out.printf(
        Locale.ROOT,
        "  throughput  %.2f calls/s (%.2f OK calls/s)%n",
        all.length / seconds,
        ok / seconds);
    out.printf(
        Locale.ROOT,
        "  latency     p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        percentile(all, 0.50),
        percentile(all, 0.90),
        percentile(all, 0.99),
        all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6);
    out.printf(Locale.ROOT, "  statuses    %s%n", total);
    if (total.containsKey(Status.Code.INTERNAL.name())
        || total.containsKey(Status.Code.UNKNOWN.name())) {
      out.println("  WARNING: INTERNAL or UNKNOWN statuses: the server has a bug");
    }
    List<String> failures =
        total.keySet().stream().filter(k -> !LOAD_OUTCOMES.contains(k)).toList();
    if (ok == 0 || !failures.isEmpty()) {
      parent.err.println(
          "backstop load: "
              + (ok == 0 ? "no call succeeded" : "calls failed with " + failures)
              + (failures.contains(Status.Code.UNAVAILABLE.name())
                  ? " (UNAVAILABLE: is `backstop serve` running at " + target + "?)"
                  : "")
              + "; the figures above do not measure the service");
      return BackstopCli.EXIT_FAILURE;
    }
    return BackstopCli.EXIT_OK;
  }

  /** The nearest-rank percentile of sorted nanosecond latencies, in milliseconds. */
  static double percentile(long[] sortedNanos, double q) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1e6;
  }
}
