package io.backstop.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The policy's ranges, each end on both sides: [0, 1), >= 0, [minBuffer, 1), >= 0, non-null. */
class CollateralPolicyTest {
  private static final VolatilityRegime HIGH = VolatilityRegime.HIGH;
  private static final VolatilityRegime LOW = VolatilityRegime.LOW;

  private static void rejected(
      double min, double perHaircut, double max, double stdDevs, String field) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CollateralPolicy(min, perHaircut, max, stdDevs, HIGH, LOW));
    assertEquals(field, e.getMessage().substring(0, field.length()), e.getMessage());
  }

  @Test
  void theEndsOfEachRange() {
    // Every closed end is accepted: no buffer at all, and maxBuffer equal to minBuffer.
    CollateralPolicy none = new CollateralPolicy(0, 0, 0, 0, HIGH, LOW);
    assertEquals(0.0, none.buffer(0.7), 0.0);
    CollateralPolicy flat = new CollateralPolicy(0.1, 0.25, 0.1, 0, HIGH, LOW);
    assertEquals(0.1, flat.buffer(0.9), 0.0);
    // Every open end and every value beyond is rejected, naming the field.
    rejected(1, 0, 1, 0, "minBuffer");
    rejected(-0.01, 0, 0.5, 0, "minBuffer");
    rejected(0.03, -0.01, 0.5, 0, "bufferPerHaircut");
    rejected(0.03, Double.POSITIVE_INFINITY, 0.5, 0, "bufferPerHaircut");
    rejected(0.03, 0.25, 0.02, 0, "maxBuffer");
    rejected(0.03, 0.25, 1, 0, "maxBuffer");
    rejected(0.03, 0.25, 0.5, -0.01, "riskPremiumStdDevs");
    rejected(0.03, 0.25, 0.5, Double.NaN, "riskPremiumStdDevs");
    assertThrows(IllegalArgumentException.class, () -> new CollateralPolicy(0, 0, 0, 0, null, LOW));
    assertThrows(
        IllegalArgumentException.class, () -> new CollateralPolicy(0, 0, 0, 0, HIGH, null));
  }
}
