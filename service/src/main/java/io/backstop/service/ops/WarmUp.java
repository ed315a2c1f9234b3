package io.backstop.service.ops;

import com.google.protobuf.util.JsonFormat;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.Metrics;
import io.backstop.service.app.PricingApplication;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The engine's warm-up at start: prices the bundled crypto-lending example (at fewer scenarios) and
 * stress-tests it (every asset −30%) for a while, with gRPC health NOT_SERVING for the server ("")
 * and the pricing service, then reports SERVING. A fresh JVM runs the engine interpreted until the
 * JIT has compiled it (the first default quote of a new server took 1.3 s, the fourth 0.35 s);
 * Kubernetes' probes and the load balancers that follow gRPC health then send the first calls to
 * compiled code.
 *
 * <p>Best effort: a warm-up that fails is logged and the service serves anyway. {@link #stop} (at
 * shutdown) ends it at the engine's next block and it never reports SERVING afterwards, so the
 * shutdown's NOT_SERVING stands. The warm-up's calls go through {@link PricingApplication} like any
 * call, without admission or metrics: a client calling during the warm-up is served (health is
 * advice), sharing the engine's threads with it.
 */
public final class WarmUp implements Runnable {
  private static final Logger LOG = Logger.getLogger(WarmUp.class);

  /** The health entries the warm-up holds: the server's and the pricing service's. */
  static final List<String> SERVICES =
      List.of(GrpcHealthStorage.DEFAULT_SERVICE_NAME, PricingServiceGrpc.SERVICE_NAME);

  private static final Duration MAX_DURATION = Duration.ofDays(1);
  private static final long MAX_NANOS = MAX_DURATION.toNanos();

  private final PricingApplication application;
  private final GrpcHealthStorage health;
  private final Duration duration;
  private final QuoteCoverRequest request;
  private final StressTestRequest stress;
  private final Consumer<QuoteProgress> progress;
  private volatile boolean cancelled;
  private boolean stopped; // guarded by this: no SERVING after stop()
  private volatile int rounds;
  private volatile Map<String, ServingStatus> statusesAtEnd = Map.of();

  /**
   * @param duration how long to keep pricing; at least one quote runs
   * @param scenarios scenarios of each quote, at least 1; fewer where the application's published
   *     limits allow fewer ({@link #scenariosWithin})
   * @param progress sees every warm-up quote's progress events (tests; otherwise a no-op)
   */
  public WarmUp(
      PricingApplication application,
      GrpcHealthStorage health,
      Duration duration,
      int scenarios,
      Consumer<QuoteProgress> progress) {
    if (scenarios < 1) {
      throw new IllegalArgumentException(
          "backstop.warmup.scenarios must be at least 1, was " + scenarios);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "backstop.warmup.duration must not be negative, was " + duration);
    }
    this.application = application;
    this.health = health;
    this.duration = duration;
    QuoteCoverRequest configured = example(scenarios);
    int within = scenariosWithin(scenarios, application.limits(), configured.getSettings());
    this.request =
        within == scenarios
            ? configured
            : configured.toBuilder()
                .setSettings(configured.getSettings().toBuilder().setScenarios(within))
                .build();
    this.stress =
        StressTestRequest.newBuilder()
            .setExposure(request.getExposure())
            .addAllShocks(PricingApplication.everyAssetFalls(request.getExposure()))
            .build();
    this.progress = progress;
  }

  /**
   * The warm-up's scenarios: {@code configured}, or fewer where the published limits allow fewer
   * (scenarios, or scenarios x steps at the example's steps), so that an operator who lowers a
   * limit below the warm-up's 2,000 scenarios still gets a warm engine rather than a warm-up
   * refused as over the limit (it then logged a warning and served cold). At least 1.
   */
  static int scenariosWithin(
      int configured,
      io.backstop.service.app.RequestLimits limits,
      io.backstop.proto.v1.RunSettings settings) {
    long steps =
        Math.max(1, Math.round(settings.getHorizonHours() * 60 / settings.getStepMinutes()));
    long bySteps = limits.maxScenarioSteps() / steps;
    return (int) Math.max(1, Math.min(configured, Math.min(limits.maxScenarios(), bySteps)));
  }

  /** The bundled crypto-lending example (examples/crypto-lending.json) at {@code scenarios}. */
  static QuoteCoverRequest example(int scenarios) {
    try (InputStream in = WarmUp.class.getResourceAsStream("crypto-lending.json")) {
      if (in == null) {
        throw new IllegalStateException("crypto-lending.json is missing from the service's jar");
      }
      QuoteCoverRequest.Builder b = QuoteCoverRequest.newBuilder();
      JsonFormat.parser().merge(new String(in.readAllBytes(), StandardCharsets.UTF_8), b);
      b.getSettingsBuilder().setScenarios(scenarios);
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reports NOT_SERVING for {@link #SERVICES}; called before {@link #run} starts. */
  public synchronized void hold() {
    if (!stopped) {
      set(ServingStatus.NOT_SERVING);
    }
  }

  /** Prices the example until the duration has passed, then reports SERVING (unless stopped). */
  @Override
  public void run() {
    long started = System.nanoTime();
    // (A day at most: beyond, the nanoseconds would overflow, and no probe waits that long.)
    long end = started + (duration.compareTo(MAX_DURATION) < 0 ? duration.toNanos() : MAX_NANOS);
    try {
      do {
        CallContext context = context(rounds);
        application.quote(request, context);
        application.stress(stress, context);
        rounds++;
      } while (!cancelled && System.nanoTime() - end < 0);
      LOG.infof(
          "warm-up: %d round(s) of a quote at %d scenarios and a stress test in %d ms",
          rounds, request.getSettings().getScenarios(), (System.nanoTime() - started) / 1_000_000);
    } catch (BackstopException.Cancelled e) {
      LOG.info("warm-up stopped by shutdown");
    } catch (RuntimeException e) {
      LOG.warn("warm-up failed; the service serves anyway", e);
    } finally {
      serve();
    }
  }

  /**
   * The context of warm-up round {@code round}: three classes of context, each with its own class
   * of progress sink and of metrics, in turn. The engine's block loop calls through the context
   * once per block (cancellation, progress, the scenario counter); had the JIT seen only one class
   * there, it would inline that class and drop the compiled loop at the first call of a client,
   * whose context is another (the first quote then ran ~100 ms slower). Seen three classes, those
   * calls stay calls and the loop's compiled code serves every context.
   */
  private CallContext context(int round) {
    return switch (round % 3) {
      case 0 -> CallContext.of(progress, () -> cancelled);
      case 1 -> new SecondContext(this, p -> progress.accept(p));
      default -> new ThirdContext(this, progress::accept);
    };
  }

  /** A warm-up context: stopped with the warm-up; the subclasses differ in their metrics sink. */
  private abstract static class RoundContext implements CallContext {
    private final WarmUp warmUp;
    private final Consumer<QuoteProgress> progress;

    RoundContext(WarmUp warmUp, Consumer<QuoteProgress> progress) {
      this.warmUp = warmUp;
      this.progress = progress;
    }

    @Override
    public Consumer<QuoteProgress> progress() {
      return progress;
    }

    @Override
    public boolean isCancelled() {
      return warmUp.cancelled;
    }

    @Override
    public void checkAlive() {
      if (isCancelled()) {
        throw new BackstopException.Cancelled("the warm-up was stopped");
      }
    }
  }

  private static final class SecondContext extends RoundContext {
    SecondContext(WarmUp warmUp, Consumer<QuoteProgress> progress) {
      super(warmUp, progress);
    }

    @Override
    public Metrics metrics() {
      return count -> {};
    }
  }

  private static final class ThirdContext extends RoundContext {
    ThirdContext(WarmUp warmUp, Consumer<QuoteProgress> progress) {
      super(warmUp, progress);
    }

    /** A class of its own (not a lambda), made once. */
    private static final Metrics NONE =
        new Metrics() {
          @Override
          public void scenariosSimulated(long count) {}
        };

    @Override
    public Metrics metrics() {
      return NONE;
    }
  }

  /** Ends the warm-up at its next check; it will not report SERVING afterwards. */
  public synchronized void stop() {
    stopped = true;
    cancelled = true;
  }

  /** Warm-up rounds completed (a quote and a stress test each). */
  int rounds() {
    return rounds;
  }

  /**
   * The statuses of {@link #SERVICES} just before the warm-up reported SERVING (empty if it did
   * not): NOT_SERVING unless something else changed them while it ran.
   */
  Map<String, ServingStatus> statusesAtEnd() {
    return statusesAtEnd;
  }

  private synchronized void serve() {
    if (stopped) {
      return;
    }
    Map<String, ServingStatus> seen = new LinkedHashMap<>();
    for (String service : SERVICES) {
      seen.put(service, health.statusForService(service).getStatus());
    }
    statusesAtEnd = seen;
    set(ServingStatus.SERVING);
  }

  /**
   * Sets every entry of {@link #SERVICES}: the server's first when it stops serving, last when it
   * starts, so that a client that saw the server SERVING finds the pricing service SERVING too.
   */
  private void set(ServingStatus status) {
    for (int i = 0; i < SERVICES.size(); i++) {
      String service = SERVICES.get(status == ServingStatus.SERVING ? SERVICES.size() - 1 - i : i);
      health.setStatus(service, status);
    }
  }
}
