package io.backstop.service.ops;

import io.backstop.service.app.RequestLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The service's own configuration ({@code backstop.*}); docs/operations.md lists every key. Limits
 * left out take {@link RequestLimits#DEFAULT}, so the published limits have one source.
 */
@ConfigMapping(prefix = "backstop")
public interface BackstopConfig {

  /** Admission control: how much simulation work runs at once. */
  Capacity capacity();

  /** The published request limits ({@code backstop.limits.*}). */
  Limits limits();

  /** Graceful shutdown. */
  Shutdown shutdown();

  /** The engine's warm-up at start, before the service reports SERVING. */
  Warmup warmup();

  interface Capacity {
    /**
     * Cost admitted at once, in work units (estimated engine nanoseconds of one core, {@code
     * WorkEstimate}). The default runs about two default crypto quotes (about 0.5 billion each)
     * together.
     */
    @WithDefault("1000000000")
    long budgetCost();

    /** Simulations running at once; absent: the number of CPUs. */
    OptionalInt maxConcurrent();

    /** Calls waiting for capacity, first in first out; beyond it calls are refused at once. */
    @WithDefault("16")
    int queueSize();

    /** Longest wait in the queue before RESOURCE_EXHAUSTED. */
    @WithDefault("10s")
    Duration queueTimeout();

    /** Retry advice sent with RESOURCE_EXHAUSTED (google.rpc.RetryInfo). */
    @WithDefault("1s")
    Duration retryAfter();

    /**
     * Longest time a pricing call may take to send its request message (InboundGate): a stream
     * whose message has not fully arrived by then is reset, so that idle or trickling streams
     * cannot hold the gate's permits.
     */
    @WithDefault("10s")
    Duration receiveTimeout();
  }

  interface Limits {
    OptionalInt maxAssets();

    OptionalInt maxLoanBuckets();

    OptionalInt maxOptions();

    OptionalInt maxBidLevels();

    OptionalInt maxScenarios();

    OptionalInt maxSteps();

    OptionalLong maxScenarioSteps();

    OptionalInt maxMessageBytes();

    OptionalInt maxCorrelations();

    OptionalInt maxCrossImpacts();

    OptionalInt maxConfidenceLevels();

    OptionalInt maxShocks();

    OptionalDouble maxTermDays();

    OptionalDouble maxHorizonHours();

    OptionalInt maxRounds();

    OptionalLong maxWorkUnits();

    /** The configured limits, {@link RequestLimits#DEFAULT} where a key is absent. */
    default RequestLimits toRequestLimits() {
      RequestLimits d = RequestLimits.DEFAULT;
      return new RequestLimits(
          maxAssets().orElse(d.maxAssets()),
          maxLoanBuckets().orElse(d.maxLoanBuckets()),
          maxOptions().orElse(d.maxOptions()),
          maxBidLevels().orElse(d.maxBidLevels()),
          maxScenarios().orElse(d.maxScenarios()),
          maxSteps().orElse(d.maxSteps()),
          maxScenarioSteps().orElse(d.maxScenarioSteps()),
          maxMessageBytes().orElse(d.maxMessageBytes()),
          maxCorrelations().orElse(d.maxCorrelations()),
          maxCrossImpacts().orElse(d.maxCrossImpacts()),
          maxConfidenceLevels().orElse(d.maxConfidenceLevels()),
          maxShocks().orElse(d.maxShocks()),
          maxTermDays().orElse(d.maxTermDays()),
          maxHorizonHours().orElse(d.maxHorizonHours()),
          maxRounds().orElse(d.maxRounds()),
          maxWorkUnits().orElse(d.maxWorkUnits()));
    }
  }

  /**
   * A fresh JVM runs the engine interpreted until the JIT has compiled it: the first default quote
   * of a new server took 1.3 s against 0.35 s warm. The warm-up prices the bundled crypto-lending
   * example at start while gRPC health reports NOT_SERVING, so that probes and load balancers send
   * the first calls to compiled code (docs/operations.md, "Warm-up").
   */
  interface Warmup {
    /** Whether to warm up at all (tests turn it off to start fast). */
    @WithDefault("true")
    boolean enabled();

    /** How long to keep pricing the example; at least one quote runs whatever the value. */
    @WithDefault("3s")
    Duration duration();

    /** Scenarios of each warm-up quote (the example's other settings stay). */
    @WithDefault("2000")
    int scenarios();
  }

  interface Shutdown {
    /** How long calls in flight may run on after shutdown begins. */
    @WithDefault("30s")
    Duration drainTimeout();
  }
}
