package io.backstop.core;

import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.model.Shock;
import io.backstop.core.risk.CascadeAnalysis;
import io.backstop.core.risk.CascadeIndex;
import io.backstop.core.risk.CascadeReport;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.CompiledExposure;
import io.backstop.core.sim.MonteCarloSimulator;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import io.backstop.core.sim.SimulationResult;
import io.backstop.core.sim.StressPath;
import io.backstop.core.sim.StressSimulator;
import java.util.List;

/**
 * The facade the service calls: the liquidation-cascade model of MODEL.md sections 3 and 4.
 * Stateless and thread-safe; every call compiles its request once and allocates nothing per step.
 * Inputs are expected to have passed the annotation constraints and {@link
 * io.backstop.core.model.ExposureRules}; a broken cross-field rule still throws {@link
 * io.backstop.core.sim.InvalidExposureException}.
 */
public final class CascadeEngine {
  /** Default cap on cascade rounds inside one step (and on stress rounds). */
  public static final int DEFAULT_MAX_ROUNDS = 20;

  /** A shared instance. */
  public static final CascadeEngine DEFAULT = new CascadeEngine();

  /**
   * Monte Carlo of the protocol's loss over the horizon: per-scenario gross and net loss, USD
   * liquidated, cascade rounds, minimum and terminal prices, breaker trips, and the cascade
   * summary. Same request and seed give the same arrays to the bit at any parallelism.
   *
   * @throws io.backstop.core.sim.CancelledException when {@code cancel} asked to stop
   */
  public SimulationResult simulate(
      ProtocolExposure exposure,
      RunSettings settings,
      Parallelism parallelism,
      ProgressListener progress,
      CancellationToken cancel) {
    return MonteCarloSimulator.run(
        exposure, settings, DEFAULT_MAX_ROUNDS, parallelism, progress, cancel);
  }

  /**
   * Cascade index, runaway flag and amplification at current prices, the fragility curve, dealer
   * gamma exposure and liquidation profiles.
   */
  public CascadeReport cascade(ProtocolExposure exposure) {
    return CascadeAnalysis.report(compile(exposure));
  }

  /**
   * The deterministic cascade after the shocks (assets left out are not shocked), with the cascade
   * index and amplification at the shocked prices.
   *
   * @param maxRounds cap on cascade rounds; 0 means {@link #DEFAULT_MAX_ROUNDS}
   */
  public StressResult stress(ProtocolExposure exposure, List<Shock> shocks, int maxRounds) {
    return stress(exposure, shocks, maxRounds, CancellationToken.NONE);
  }

  /** As {@link #stress(ProtocolExposure, List, int)}, stopped between rounds by {@code cancel}. */
  public StressResult stress(
      ProtocolExposure exposure, List<Shock> shocks, int maxRounds, CancellationToken cancel) {
    CompiledExposure book = StressSimulator.book(exposure, shocks);
    StressPath path =
        StressSimulator.run(book, shocks, maxRounds == 0 ? DEFAULT_MAX_ROUNDS : maxRounds, cancel);
    double[] shocked = book.initialPrice.clone();
    for (Shock s : shocks) {
      shocked[book.assetIndex.get(s.assetId())] *= 1 + s.shockFraction();
    }
    CascadeIndex index = CascadeAnalysis.indexAt(book, shocked);
    return new StressResult(path, index);
  }

  private static CompiledExposure compile(ProtocolExposure exposure) {
    return new CompiledExposure(exposure, 1, RunSettings.DEFAULT_STEP_MINUTES);
  }
}
