package io.backstop.core.bench;

import io.backstop.core.CascadeEngine;
import io.backstop.core.pricing.CollateralAssessor;
import io.backstop.core.pricing.CollateralRecommendation;
import io.backstop.core.pricing.CoverPricer;
import io.backstop.core.pricing.PremiumQuote;
import io.backstop.core.risk.CascadeReport;
import io.backstop.core.risk.TailLossResult;
import io.backstop.core.risk.TailStatistics;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import io.backstop.core.sim.SimulationResult;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What the service's QuoteCover does in-process: simulate, tail statistics, premium, cascade report
 * and collateral recommendations (the same calls as {@code PricingApplication.quote}, without proto
 * mapping).
 */
public final class Quote {
  private Quote() {}

  /** The parts of one quote. */
  public record Result(
      SimulationResult sim,
      TailLossResult tail,
      PremiumQuote premium,
      CascadeReport cascade,
      List<CollateralRecommendation> collateral,
      long simulateNanos,
      long collateralNanos) {}

  /** One quote of the example at its own settings. */
  public static Result run(ExampleBooks.Example e, Parallelism parallelism) {
    long t0 = System.nanoTime();
    SimulationResult sim = simulate(e, parallelism);
    long t1 = System.nanoTime();
    TailLossResult tail = tail(e, sim);
    PremiumQuote premium = premium(e, sim);
    CascadeReport cascade = cascade(e);
    long t2 = System.nanoTime();
    List<CollateralRecommendation> collateral = collateral(e, sim, parallelism);
    long t3 = System.nanoTime();
    return new Result(sim, tail, premium, cascade, collateral, t1 - t0, t3 - t2);
  }

  /** The quote's Monte Carlo run. */
  public static SimulationResult simulate(ExampleBooks.Example e, Parallelism parallelism) {
    return CascadeEngine.DEFAULT.simulate(
        e.exposure(), e.settings(), parallelism, ProgressListener.NONE, CancellationToken.NONE);
  }

  /** Its tail statistics at the example's confidence levels. */
  public static TailLossResult tail(ExampleBooks.Example e, SimulationResult sim) {
    double[] confidence =
        e.settings().withDefaults().confidenceLevels().stream()
            .mapToDouble(Double::doubleValue)
            .toArray();
    return TailStatistics.DEFAULT.compute(
        sim.netLossUsd(), TailStatistics.mean(sim.grossLossUsd()), confidence);
  }

  /** Its premium for the example's cover. */
  public static PremiumQuote premium(ExampleBooks.Example e, SimulationResult sim) {
    return CoverPricer.DEFAULT.price(
        sim.grossLossUsd(),
        e.exposure().controls().insuranceFundUsd(),
        e.cover(),
        e.settings().horizonHours(),
        e.settings().seed());
  }

  /** Its cascade report. */
  public static CascadeReport cascade(ExampleBooks.Example e) {
    return CascadeEngine.DEFAULT.cascade(e.exposure());
  }

  /** Its collateral recommendations, the quote's run serving as a base run where it can. */
  public static List<CollateralRecommendation> collateral(
      ExampleBooks.Example e, SimulationResult sim, Parallelism parallelism) {
    return CollateralAssessor.DEFAULT.assess(
        e.exposure(), e.settings(), 0, sim, parallelism, CancellationToken.NONE);
  }

  /**
   * SHA-256 over the raw bits of every per-scenario array of a simulation, in a fixed order: two
   * runs agree on it exactly when they agree to the last bit.
   */
  public static String digest(SimulationResult r) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(8);
      java.util.function.DoubleConsumer put =
          v -> {
            b.clear();
            b.putLong(Double.doubleToRawLongBits(v));
            md.update(b.array());
          };
      for (double v : r.grossLossUsd()) {
        put.accept(v);
      }
      for (double v : r.netLossUsd()) {
        put.accept(v);
      }
      for (double v : r.liquidatedUsd()) {
        put.accept(v);
      }
      for (int v : r.cascadeRounds()) {
        put.accept(v);
      }
      for (double[] a : r.minPriceUsd()) {
        for (double v : a) {
          put.accept(v);
        }
      }
      for (double[] a : r.terminalPriceUsd()) {
        for (double v : a) {
          put.accept(v);
        }
      }
      for (boolean v : r.breakerTripped()) {
        put.accept(v ? 1 : 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
