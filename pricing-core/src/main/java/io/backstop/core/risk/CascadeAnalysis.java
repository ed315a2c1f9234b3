package io.backstop.core.risk;

import io.backstop.core.sim.CompiledExposure;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Builds the {@link CascadeReport}: cascade index and amplification at current prices, the
 * fragility curve, gamma exposure and liquidation profiles on the price grid.
 */
public final class CascadeAnalysis {
  /** Uniform shocks of the fragility curve. */
  public static final List<Double> FRAGILITY_SHOCKS = List.of(-0.10, -0.20, -0.30, -0.50);

  /** Lowest grid point, relative to spot. */
  public static final int GRID_FROM_PERCENT = -50;

  /** Highest grid point, relative to spot. */
  public static final int GRID_TO_PERCENT = 20;

  private CascadeAnalysis() {}

  /** The full report at time 0. */
  public static CascadeReport report(CompiledExposure book) {
    CascadeIndex index = indexAt(book, book.initialPrice);
    List<FragilityPoint> fragility = new ArrayList<>();
    for (double shock : FRAGILITY_SHOCKS) {
      double[] shocked = new double[book.assets];
      for (int k = 0; k < book.assets; k++) {
        shocked[k] = book.initialPrice[k] * (1 + shock);
      }
      fragility.add(new FragilityPoint(shock, indexAt(book, shocked).spectralRadius()));
    }
    List<GammaExposure> gex = new ArrayList<>();
    List<LiquidationProfile> liquidation = new ArrayList<>();
    for (int k = 0; k < book.assets; k++) {
      if (hasOptions(book, k)) {
        gex.add(gammaExposure(book, k));
      }
      if (hasLoans(book, k)) {
        liquidation.add(liquidationProfile(book, k));
      }
    }
    return new CascadeReport(
        book.assetIds,
        index.spectralRadius(),
        index.runaway(),
        index.amplification(),
        fragility,
        gex,
        liquidation);
  }

  /** rho(J) and amplification at the given market prices. */
  public static CascadeIndex indexAt(CompiledExposure book, double[] prices) {
    return CascadeIndex.of(CascadeJacobian.at(book, prices));
  }

  private static boolean hasOptions(CompiledExposure book, int k) {
    for (int i = 0; i < book.options; i++) {
      if (book.optionAsset[i] == k) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLoans(CompiledExposure book, int k) {
    for (int b = 0; b < book.buckets; b++) {
      if (book.bucketAsset[b] == k) {
        return true;
      }
    }
    return false;
  }

  /** GEX(S) = sum sign x OI x gamma(S) x S^2 x 1%. */
  static double gex(CompiledExposure book, int k, double spot) {
    return CascadeJacobian.dealerGamma(book, k, spot) * spot * spot * 0.01;
  }

  static GammaExposure gammaExposure(CompiledExposure book, int k) {
    double spot = book.initialPrice[k];
    List<PricePoint> profile = new ArrayList<>();
    for (int pct = GRID_FROM_PERCENT; pct <= GRID_TO_PERCENT; pct++) {
      double s = spot * (1 + pct / 100.0);
      profile.add(new PricePoint(s, gex(book, k, s)));
    }
    return new GammaExposure(
        book.assetIds.get(k), gex(book, k, spot), flipPrice(profile, spot), profile);
  }

  /**
   * The sign change nearest to spot; empty when GEX keeps its sign. Between two neighbouring points
   * of opposite signs it is interpolated linearly; where GEX is exactly 0 between them (options so
   * far from the money that every gamma is 0: puts' negative GEX below, calls' positive above) it
   * is the zero point nearest to spot. A zero between two points of the same sign is a touch, not a
   * flip.
   */
  static OptionalDouble flipPrice(List<PricePoint> profile, double spot) {
    OptionalDouble best = OptionalDouble.empty();
    double bestDistance = Double.POSITIVE_INFINITY;
    int last = -1; // the last point with a nonzero value
    for (int i = 0; i < profile.size(); i++) {
      PricePoint b = profile.get(i);
      if (b.valueUsd() == 0 || Double.isNaN(b.valueUsd())) {
        continue;
      }
      if (last >= 0 && (profile.get(last).valueUsd() < 0) != (b.valueUsd() < 0)) {
        PricePoint a = profile.get(last);
        if (i == last + 1) {
          double w = a.valueUsd() / (a.valueUsd() - b.valueUsd());
          double flip = a.priceUsd() + w * (b.priceUsd() - a.priceUsd());
          if (Math.abs(flip - spot) < bestDistance) {
            bestDistance = Math.abs(flip - spot);
            best = OptionalDouble.of(flip);
          }
        } else {
          for (int z = last + 1; z < i; z++) {
            double flip = profile.get(z).priceUsd();
            if (profile.get(z).valueUsd() == 0 && Math.abs(flip - spot) < bestDistance) {
              bestDistance = Math.abs(flip - spot);
              best = OptionalDouble.of(flip);
            }
          }
        }
      }
      last = i;
    }
    return best;
  }

  static LiquidationProfile liquidationProfile(CompiledExposure book, int k) {
    double spot = book.initialPrice[k];
    List<PricePoint> levels = new ArrayList<>();
    for (int pct = GRID_FROM_PERCENT; pct <= GRID_TO_PERCENT; pct++) {
      double p = spot * (1 + pct / 100.0);
      double usd = 0;
      for (int b = 0; b < book.buckets; b++) {
        double q = book.bucketQuantity[b];
        if (book.bucketAsset[b] == k && p * q * book.bucketThreshold[b] < book.bucketDebt[b]) {
          usd += q * p;
        }
      }
      levels.add(new PricePoint(p, usd));
    }
    return new LiquidationProfile(book.assetIds.get(k), levels);
  }
}
