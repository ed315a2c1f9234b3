package io.backstop.service.ops;

import io.backstop.service.app.Metrics;
import io.backstop.service.app.RequestDigest;
import io.backstop.service.capacity.AdmissionController;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Metrics (Prometheus names: {@code backstop_calls_total{rpc,status}}, {@code
 * backstop_call_seconds{rpc,status}} with histogram buckets, {@code backstop_calls_in_flight},
 * {@code backstop_rejections_total{reason}}, {@code backstop_scenarios_simulated_total}, {@code
 * backstop_admission_queued}, {@code backstop_admission_running}, {@code
 * backstop_admission_cost_in_use}) and one log line per call, its fields also in the MDC so that
 * JSON logs carry them as fields.
 */
@ApplicationScoped
public class ServiceTelemetry implements CallRecorder {
  private static final Logger LOG = Logger.getLogger("io.backstop.calls");

  /** Logged for the digest and quote id of a call that ended before it ran. */
  static final String NOT_HASHED = "-";

  private final MeterRegistry registry;
  private final Counter scenarios;
  private final Metrics metrics;

  @Inject
  public ServiceTelemetry(
      MeterRegistry registry, InFlight inFlight, AdmissionController admission) {
    this.registry = registry;
    this.scenarios =
        Counter.builder("backstop.scenarios.simulated")
            .description("Monte Carlo scenarios simulated")
            .register(registry);
    this.metrics = scenarios::increment;
    Gauge.builder("backstop.calls.in.flight", inFlight, InFlight::count)
        .description("Simulation calls admitted or waiting, not yet answered")
        .register(registry);
    Gauge.builder("backstop.admission.queued", admission, AdmissionController::queued)
        .description("Calls waiting for capacity")
        .register(registry);
    Gauge.builder("backstop.admission.running", admission, AdmissionController::running)
        .description("Simulations running")
        .register(registry);
    Gauge.builder("backstop.admission.cost.in.use", admission, AdmissionController::usedCost)
        .description("Admission cost of the simulations running")
        .register(registry);
  }

  @Override
  public void finished(String rpc, String requestSha256, Status.Code code, long nanos) {
    String status = code.name();
    Counter.builder("backstop.calls")
        .description("Calls by RPC and final status")
        .tags("rpc", rpc, "status", status)
        .register(registry)
        .increment();
    Timer.builder("backstop.call")
        .description("Call latency, from the service method to the status")
        .tags("rpc", rpc, "status", status)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    String sha256 = requestSha256 != null ? requestSha256 : NOT_HASHED;
    String quoteId = requestSha256 != null ? RequestDigest.quoteId(requestSha256) : NOT_HASHED;
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    MDC.put("rpc", rpc);
    MDC.put("quoteId", quoteId);
    MDC.put("requestSha256", sha256);
    MDC.put("status", status);
    MDC.put("durationMs", Long.toString(millis));
    try {
      LOG.infof(
          "rpc=%s quote_id=%s request_sha256=%s status=%s duration_ms=%d",
          rpc, quoteId, sha256, status, millis);
    } finally {
      MDC.remove("rpc");
      MDC.remove("quoteId");
      MDC.remove("requestSha256");
      MDC.remove("status");
      MDC.remove("durationMs");
    }
  }

  @Override
  public void rejected(String reason) {
    Counter.builder("backstop.rejections")
        .description("Calls refused before they ran, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }
}
