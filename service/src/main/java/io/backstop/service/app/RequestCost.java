package io.backstop.service.app;

import io.backstop.core.model.RunSettings;
import io.backstop.proto.v1.ProtocolExposure;

/**
 * The admission cost of a simulation request: scenarios x steps x (1 + loan buckets + options),
 * after defaults. It tracks the engine's work (every position is revalued in every scenario and
 * step) and is computed from the raw message before validation, so it saturates rather than
 * overflows on absurd values: such requests are refused by validation once admitted.
 */
public final class RequestCost {
  private RequestCost() {}

  /** Cost of simulating {@code exposure} with {@code settings} (absent settings: defaults). */
  public static long of(ProtocolExposure exposure, io.backstop.proto.v1.RunSettings settings) {
    RunSettings effective = ProtoMapper.settings(settings).withDefaults();
    long scenarios = Math.max(1, effective.scenarios());
    long steps = Math.max(1, effective.steps());
    long positions = 1L + exposure.getLoanBucketsCount() + exposure.getOptionsCount();
    return saturatingMultiply(saturatingMultiply(scenarios, steps), positions);
  }

  /** Cost of a deterministic stress test: one path, rounds x positions. */
  public static long ofStress(ProtocolExposure exposure, int maxRounds) {
    long rounds = Math.max(1, maxRounds);
    long positions = 1L + exposure.getLoanBucketsCount() + exposure.getOptionsCount();
    return saturatingMultiply(rounds, positions);
  }

  /** a x b, or Long.MAX_VALUE when it would overflow (inputs are non-negative). */
  public static long saturatingMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
      return lo;
    }
    return Long.MAX_VALUE;
  }
}
