package io.backstop.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.ConstantProductPool;
import io.backstop.core.model.DepthCurve;
import io.backstop.core.model.JumpProcess;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.ProtocolExposure;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a regime changes (MODEL.md section 7): volatility and jump intensity times their factors,
 * every depth curve's size and the exit capacity times the depth factor, the rest as given. The
 * factors here are powers of two, so every expected figure is exact.
 */
class VolatilityRegimeTest {
  private static Asset asset(String id, DepthCurve curve) {
    return new Asset(
        id,
        AssetClass.CRYPTO,
        100,
        0.5,
        4,
        new JumpProcess(3, -0.1, 0.05),
        new Liquidity(curve, 30, 0.25, 1e6, 2),
        null);
  }

  private static ProtocolExposure exposure(Asset... assets) {
    return new ProtocolExposure(
        "regime", List.of(assets), List.of(), List.of(), List.of(), List.of(), null);
  }

  @Test
  void eachFactorScalesItsOwnInputs() {
    ProtocolExposure given =
        exposure(
            asset("L", new LinearDepth(1e6)),
            asset("P", new ConstantProductPool(1000, 100_000)),
            asset("B", new BidLadder(List.of(new BidLevel(95, 8), new BidLevel(90, 4)))),
            new Asset("N", AssetClass.CRYPTO, 10, 0.3, 0, null, null, null));

    // Depth alone: every curve and the exit capacity halved; prices, volatility, jumps, half-life,
    // permanent fraction and settlement as given; an asset without liquidity keeps none.
    List<Asset> thin = new VolatilityRegime("thin", 1, 1, 0.5).apply(given).assets();
    assertEquals(new LinearDepth(5e5), thin.get(0).liquidity().curve());
    assertEquals(new ConstantProductPool(500, 50_000), thin.get(1).liquidity().curve());
    assertEquals(
        new BidLadder(List.of(new BidLevel(95, 4), new BidLevel(90, 2))),
        thin.get(2).liquidity().curve());
    assertEquals(new Liquidity(new LinearDepth(5e5), 30, 0.25, 5e5, 2), thin.get(0).liquidity());
    assertEquals(0.5, thin.get(0).annualVolatility(), 0.0);
    assertEquals(new JumpProcess(3, -0.1, 0.05), thin.get(0).jump());
    assertNull(thin.get(3).liquidity());

    // Jump intensity alone: doubled, mean and spread of the jump as given; depth as given.
    Asset jumpy = new VolatilityRegime("jumpy", 1, 2, 1).apply(given).assets().get(0);
    assertEquals(new JumpProcess(6, -0.1, 0.05), jumpy.jump());
    assertEquals(new LinearDepth(1e6), jumpy.liquidity().curve());
    assertEquals(0.5, jumpy.annualVolatility(), 0.0);

    // Volatility alone.
    Asset wild = new VolatilityRegime("wild", 2, 1, 1).apply(given).assets().get(0);
    assertEquals(1.0, wild.annualVolatility(), 0.0);
    assertEquals(new JumpProcess(3, -0.1, 0.05), wild.jump());

    // The base regime returns the exposure itself.
    assertSame(given, VolatilityRegime.BASE.apply(given));
  }

  @Test
  void factorsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new VolatilityRegime("x", 0, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new VolatilityRegime("x", Double.POSITIVE_INFINITY, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new VolatilityRegime("x", 1, -0.5, 1));
    assertThrows(IllegalArgumentException.class, () -> new VolatilityRegime("x", 1, Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> new VolatilityRegime("x", 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new VolatilityRegime("x", 1, 1, Double.NaN));
    // A jump factor of 0 (no jumps in the regime) is allowed; small positive factors are too.
    assertEquals(0.0, new VolatilityRegime("no jumps", 1e-9, 0, 1e-9).jumpIntensityFactor(), 0.0);
  }
}
