package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.Fixtures;
import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.JumpProcess;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.options.BlackScholes;
import io.backstop.core.options.Normal;
import io.backstop.core.risk.TailLevel;
import io.backstop.core.risk.TailStatistics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Closed forms of MODEL.md section 8 reached through the Monte Carlo. Tolerances are multiples of
 * the run's own Monte Carlo standard error, so they fail on a bias and not on noise: 4 SE leaves a
 * false-alarm chance of 6e-5 per assertion.
 */
class ClosedFormSimulationTest {
  private static final double PRICE = 100;
  private static final double VOL = 0.8;
  private static final double HORIZON_HOURS = 30 * 24;
  private static final double QUANTITY = 1000;
  private static final double DEBT = 90_000;
  private static final int SCENARIOS = 20_000;

  private static ProtocolExposure singleLoan(Asset asset, boolean paused) {
    return new ProtocolExposure(
        "single",
        List.of(asset),
        List.of(),
        List.of(),
        List.of(Fixtures.loan("A", QUANTITY, DEBT, 0.95, 0)),
        List.of(),
        new Controls(null, null, 0, 0, paused));
  }

  private static SimulationResult run(ProtocolExposure exposure, double stepMinutes) {
    RunSettings settings = new RunSettings(SCENARIOS, 42, HORIZON_HOURS, stepMinutes, List.of());
    return MonteCarloSimulator.run(
        exposure,
        settings,
        20,
        Parallelism.sequential(),
        ProgressListener.NONE,
        CancellationToken.NONE);
  }

  @Test
  void liquidationsOffAndInfiniteDepthGiveTheBlackScholesPutStruckAtTheDebt() {
    // Loss = max(D - Q P_H, 0) with ln P_H ~ N(ln P0 - s^2/2, s^2), s = 0.8 sqrt(30/365):
    // EL = put(S = Q P0 = 100,000, K = 90,000), about 4,670 USD. Tolerance 4 SE of the MC mean.
    SimulationResult r = run(singleLoan(Fixtures.plainAsset("A", PRICE, VOL), true), 720);
    double expected =
        BlackScholes.price(OptionType.PUT, QUANTITY * PRICE, DEBT, HORIZON_HOURS / 24 / 365, VOL);
    double el = MonteCarloStats.mean(r.grossLossUsd());
    double se = MonteCarloStats.standardError(r.grossLossUsd());
    assertEquals(expected, el, 4 * se, "EL " + el + " vs put " + expected + ", SE " + se);
    assertTrue(se < 0.02 * expected, "the check must be sharp: SE " + se);
  }

  @Test
  void gaussianShocksWithoutImpactGiveTheAnalyticVarAndEsOfALinearBook() {
    // With liquidations off the loss of a deep in-the-money position is close to linear, but the
    // exact figure is the lognormal one: loss L = D - Q P_H > 0 at the tail levels, so
    // VaR_a = D - Q P0 exp(-s^2/2 + s z_{1-a}) and
    // ES_a = D - Q P0 N(z_{1-a} - s) / (1 - a)   (lognormal partial expectation).
    // The debt is above the collateral so the 99% tail is all losses. The figures are the
    // product's (TailStatistics, as a quote reports them), within three standard errors (MODEL.md
    // section 8): ES's own, as the quote reports it; VaR's from the density at the quantile.
    double debt = 120_000;
    ProtocolExposure exposure =
        new ProtocolExposure(
            "linear",
            List.of(Fixtures.plainAsset("A", PRICE, VOL)),
            List.of(),
            List.of(),
            List.of(Fixtures.loan("A", QUANTITY, debt, 0.95, 0)),
            List.of(),
            new Controls(null, null, 0, 0, true));
    SimulationResult r = run(exposure, 720);
    double s = VOL * Math.sqrt(HORIZON_HOURS / 24 / 365);
    double a = 0.99;
    double z = -2.3263478740408408; // N^-1(0.01)
    double var = debt - QUANTITY * PRICE * Math.exp(-0.5 * s * s + s * z);
    double es = debt - QUANTITY * PRICE * Normal.cdf(z - s) / (1 - a);
    TailLevel level =
        TailStatistics.DEFAULT.compute(r.grossLossUsd(), new double[] {a}).levels().get(0);
    // Quantile SE = sqrt(a (1 - a) / N) / f(VaR), with f the loss density at VaR.
    double density = Normal.pdf(z) / (QUANTITY * PRICE * Math.exp(-0.5 * s * s + s * z) * s);
    double varSe = Math.sqrt(a * (1 - a) / SCENARIOS) / density;
    assertEquals(var, level.varUsd(), 3 * varSe, "VaR99");
    assertEquals(es, level.esUsd(), 3 * level.esStdErrorUsd(), "ES99");
  }

  @Test
  void withoutImpactThePriceIsAMartingaleAlsoWithStudentTailsAndJumps() {
    // E[P_H] = P0 = 100 within 4 SE, Gaussian and with t(4) shocks plus de-peg-like jumps.
    Asset gaussian = Fixtures.plainAsset("A", PRICE, VOL);
    Asset heavy =
        new Asset("A", AssetClass.CRYPTO, PRICE, VOL, 4, new JumpProcess(6, -0.2, 0.1), null, null);
    for (Asset asset : List.of(gaussian, heavy)) {
      SimulationResult r = run(singleLoan(asset, true), 720);
      double[] terminal = r.terminalPriceUsd()[0];
      double mean = MonteCarloStats.mean(terminal);
      double se = MonteCarloStats.standardError(terminal);
      assertEquals(PRICE, mean, 4 * se, "E[P_H] for " + asset);
    }
  }
}
