package io.backstop.core.pricing;

import io.backstop.core.model.Asset;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.ConstantProductPool;
import io.backstop.core.model.DepthCurve;
import io.backstop.core.model.JumpProcess;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.ProtocolExposure;
import java.util.ArrayList;
import java.util.List;

/**
 * A market regime as a change of every asset's inputs: annual volatility x {@code
 * volatilityFactor}, jump intensity x {@code jumpIntensityFactor}, and depth x {@code depthFactor}
 * (linear depth's USD per 1%, both pool reserves, every bid level's quantity and the exit capacity;
 * unlimited depth stays unlimited). Applied to the whole exposure: a regime is market-wide.
 *
 * @param name label for reports
 * @param volatilityFactor factor on annual volatility, > 0
 * @param jumpIntensityFactor factor on jump intensity, >= 0
 * @param depthFactor factor on depth and exit capacity, > 0
 */
public record VolatilityRegime(
    String name, double volatilityFactor, double jumpIntensityFactor, double depthFactor) {

  /** The inputs as given. */
  public static final VolatilityRegime BASE = new VolatilityRegime("base", 1, 1, 1);

  /** Volatility and jump intensity doubled, depth and exit capacity halved (a stressed market). */
  public static final VolatilityRegime HIGH = new VolatilityRegime("high volatility", 2, 2, 0.5);

  /** Volatility and jump intensity halved, depth as given (a calm market). */
  public static final VolatilityRegime LOW = new VolatilityRegime("low volatility", 0.5, 0.5, 1);

  /** Checks the factors. */
  public VolatilityRegime {
    if (!(volatilityFactor > 0 && Double.isFinite(volatilityFactor))) {
      throw new IllegalArgumentException("volatilityFactor must be > 0, was " + volatilityFactor);
    }
    if (!(jumpIntensityFactor >= 0 && Double.isFinite(jumpIntensityFactor))) {
      throw new IllegalArgumentException(
          "jumpIntensityFactor must be >= 0, was " + jumpIntensityFactor);
    }
    if (!(depthFactor > 0 && Double.isFinite(depthFactor))) {
      throw new IllegalArgumentException("depthFactor must be > 0, was " + depthFactor);
    }
  }

  /** The exposure in this regime (the same exposure when every factor is 1). */
  public ProtocolExposure apply(ProtocolExposure e) {
    if (volatilityFactor == 1 && jumpIntensityFactor == 1 && depthFactor == 1) {
      return e;
    }
    List<Asset> assets = new ArrayList<>();
    for (Asset a : e.assets()) {
      assets.add(apply(a));
    }
    return e.withAssets(assets);
  }

  /** The asset in this regime. */
  public Asset apply(Asset a) {
    JumpProcess j = a.jump();
    JumpProcess jump =
        j == null
            ? null
            : new JumpProcess(
                j.intensityPerYear() * jumpIntensityFactor, j.meanLogJump(), j.stdLogJump());
    return new Asset(
        a.id(),
        a.assetClass(),
        a.priceUsd(),
        a.annualVolatility() * volatilityFactor,
        a.tailDof(),
        jump,
        scale(a.liquidity()),
        a.oracle());
  }

  private Liquidity scale(Liquidity l) {
    if (l == null || depthFactor == 1) {
      return l;
    }
    return new Liquidity(
        scale(l.curve()),
        l.halfLifeMinutes(),
        l.permanentFraction(),
        l.exitCapacityUsdPerHour() * depthFactor,
        l.settlementDelayHours());
  }

  private DepthCurve scale(DepthCurve c) {
    if (c instanceof LinearDepth linear) {
      return new LinearDepth(linear.usdPerPercent() * depthFactor);
    }
    if (c instanceof ConstantProductPool pool) {
      return new ConstantProductPool(
          pool.baseReserve() * depthFactor, pool.quoteReserveUsd() * depthFactor);
    }
    if (c instanceof BidLadder ladder) {
      List<BidLevel> levels = new ArrayList<>();
      for (BidLevel level : ladder.levels()) {
        levels.add(new BidLevel(level.priceUsd(), level.quantity() * depthFactor));
      }
      return new BidLadder(levels);
    }
    return c;
  }
}
