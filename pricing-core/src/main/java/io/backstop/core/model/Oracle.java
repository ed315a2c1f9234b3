package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The price source liquidations trigger on; liquidations execute at the market price. How each kind
 * is discretised on the simulation's step grid is described in {@code docs/model.md}.
 *
 * @param kind the oracle kind; required when the block is present (checked by {@link
 *     ExposureRules})
 * @param latencySeconds delay between the market and the reported price, seconds, >= 0
 * @param twapWindowMinutes TWAP averaging window, minutes; > 0 for {@link OracleKind#TWAP}
 * @param deviationThresholdFraction relative move that triggers a push update (0.005 = 0.5%)
 * @param heartbeatSeconds maximum time between push updates, seconds; 0 means no heartbeat
 *     <p>Durations are at most 366 days: a longer one is in practice a unit mistake (milliseconds
 *     for seconds), and the simulation and the collateral horizon (at most 2,880 steps) treat any
 *     duration past them alike. The threshold is at most 1 (100%), which refuses a percentage
 *     written as a number above 1 (5 for 5%).
 */
public record Oracle(
    OracleKind kind,
    @Finite
        @PositiveOrZero(message = Oracle.LATENCY_MESSAGE)
        @DecimalMax(value = "31622400", message = Oracle.LATENCY_MESSAGE)
        double latencySeconds,
    @Finite
        @PositiveOrZero(message = Oracle.WINDOW_MESSAGE)
        @DecimalMax(value = "527040", message = Oracle.WINDOW_MESSAGE)
        double twapWindowMinutes,
    @Finite
        @PositiveOrZero(message = Oracle.THRESHOLD_MESSAGE)
        @DecimalMax(value = "1", message = Oracle.THRESHOLD_MESSAGE)
        double deviationThresholdFraction,
    @Finite
        @PositiveOrZero(message = Oracle.HEARTBEAT_MESSAGE)
        @DecimalMax(value = "31622400", message = Oracle.HEARTBEAT_MESSAGE)
        double heartbeatSeconds) {

  /** Message of a bad {@code latencySeconds}. */
  public static final String LATENCY_MESSAGE = "must be in [0, 31622400] seconds (366 days)";

  /** Message of a bad {@code twapWindowMinutes}. */
  public static final String WINDOW_MESSAGE = "must be in [0, 527040] minutes (366 days)";

  /** Message of a bad {@code deviationThresholdFraction}. */
  public static final String THRESHOLD_MESSAGE = "must be in [0, 1] (a fraction, 0.005 = 0.5%)";

  /** Message of a bad {@code heartbeatSeconds}. */
  public static final String HEARTBEAT_MESSAGE =
      "must be in [0, 31622400] seconds (366 days; 0: no heartbeat)";
}
