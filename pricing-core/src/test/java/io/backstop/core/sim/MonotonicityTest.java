package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.CascadeEngine;
import io.backstop.core.Fixtures;
import io.backstop.core.model.Asset;
import io.backstop.core.model.CoverTerms;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.pricing.CoverPricer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Monotone properties under common random numbers (same seed, so the same shocks): more volatility,
 * more debt, more leverage, more negative gamma or less depth never lowers EL or ES99, nor the
 * premium of a cover layer on the protocol's net loss (MODEL.md sections 6 and 8). The changes are
 * material (x1.5 volatility, x1.15 debt, x4 short gamma, depth / 4) so that the comparison tests
 * the model, not the noise of 1,000 scenarios.
 */
class MonotonicityTest {
  private static final RunSettings SETTINGS = new RunSettings(1_000, 99, 48, 30, List.of());

  /** A layer low enough that the base book touches it, so the premium comparison has teeth. */
  private static final CoverTerms COVER = new CoverTerms(100_000, 50_000_000, 30, 0.15, 0.2);

  private static SimulationResult run(ProtocolExposure exposure) {
    return CascadeEngine.DEFAULT.simulate(
        exposure,
        SETTINGS,
        Parallelism.sequential(),
        ProgressListener.NONE,
        CancellationToken.NONE);
  }

  private static double[] losses(ProtocolExposure exposure) {
    return run(exposure).grossLossUsd();
  }

  private static double premium(ProtocolExposure exposure) {
    return CoverPricer.DEFAULT
        .price(run(exposure).netLossUsd(), COVER, SETTINGS.horizonHours(), SETTINGS.seed())
        .premiumUsd();
  }

  private static ProtocolExposure mapAssets(ProtocolExposure e, UnaryOperator<Asset> f) {
    List<Asset> assets = new ArrayList<>();
    e.assets().forEach(a -> assets.add(f.apply(a)));
    return new ProtocolExposure(
        e.protocolId(),
        assets,
        e.correlations(),
        e.crossImpacts(),
        e.loanBuckets(),
        e.options(),
        e.controls());
  }

  @Test
  void moreRiskNeverLowersExpectedLossOrEs99() {
    ProtocolExposure base = Fixtures.lendingBook();
    double[] baseLoss = losses(base);
    double baseEl = MonteCarloStats.mean(baseLoss);
    double baseEs = MonteCarloStats.expectedShortfall(baseLoss, 0.99);
    assertTrue(baseEl > 0 && baseEs > 0, "the base book must lose something: EL " + baseEl);
    double basePremium = premium(base);
    assertTrue(basePremium > 0, "the base book must touch the layer");

    ProtocolExposure moreVol =
        mapAssets(
            base,
            a ->
                new Asset(
                    a.id(),
                    a.assetClass(),
                    a.priceUsd(),
                    a.annualVolatility() * 1.5,
                    a.tailDof(),
                    a.jump(),
                    a.liquidity(),
                    a.oracle()));
    List<LoanBucket> moreDebtBuckets = new ArrayList<>();
    base.loanBuckets()
        .forEach(
            b ->
                moreDebtBuckets.add(
                    new LoanBucket(
                        b.collateralAssetId(),
                        b.collateralQuantity(),
                        b.debtUsd() * 1.15,
                        b.liquidationThreshold(),
                        b.liquidationBonus(),
                        b.closeFactor(),
                        b.count())));
    ProtocolExposure moreDebt =
        new ProtocolExposure(
            base.protocolId(),
            base.assets(),
            base.correlations(),
            base.crossImpacts(),
            moreDebtBuckets,
            base.options(),
            base.controls());
    // Leverage as a looping borrower adds it: the same equity, 10% more collateral bought with
    // borrowed USD, so collateral and debt both grow and the health factor falls.
    java.util.Map<String, Double> price = new java.util.HashMap<>();
    base.assets().forEach(a -> price.put(a.id(), a.priceUsd()));
    List<LoanBucket> moreLeverageBuckets = new ArrayList<>();
    base.loanBuckets()
        .forEach(
            b ->
                moreLeverageBuckets.add(
                    new LoanBucket(
                        b.collateralAssetId(),
                        b.collateralQuantity() * 1.1,
                        b.debtUsd()
                            + 0.1 * b.collateralQuantity() * price.get(b.collateralAssetId()),
                        b.liquidationThreshold(),
                        b.liquidationBonus(),
                        b.closeFactor(),
                        b.count())));
    ProtocolExposure moreLeverage =
        new ProtocolExposure(
            base.protocolId(),
            base.assets(),
            base.correlations(),
            base.crossImpacts(),
            moreLeverageBuckets,
            base.options(),
            base.controls());
    List<OptionPosition> moreShortGamma = new ArrayList<>();
    base.options()
        .forEach(
            o ->
                moreShortGamma.add(
                    o.dealerSign() < 0
                        ? new OptionPosition(
                            o.assetId(),
                            o.optionType(),
                            o.strikeUsd(),
                            o.expiryDays(),
                            o.impliedVolatility(),
                            o.openInterest() * 4,
                            o.dealerSign())
                        : o));
    ProtocolExposure moreGamma =
        new ProtocolExposure(
            base.protocolId(),
            base.assets(),
            base.correlations(),
            base.crossImpacts(),
            base.loanBuckets(),
            moreShortGamma,
            base.controls());
    ProtocolExposure lessDepth =
        mapAssets(
            base,
            a ->
                a.liquidity() != null && a.liquidity().curve() instanceof LinearDepth d
                    ? new Asset(
                        a.id(),
                        a.assetClass(),
                        a.priceUsd(),
                        a.annualVolatility(),
                        a.tailDof(),
                        a.jump(),
                        new Liquidity(
                            new LinearDepth(d.usdPerPercent() / 4),
                            a.liquidity().halfLifeMinutes(),
                            a.liquidity().permanentFraction(),
                            0,
                            0),
                        a.oracle())
                    : a);

    for (var entry :
        java.util.Map.of(
                "volatility x1.5",
                moreVol,
                "debt x1.15",
                moreDebt,
                "leverage: 10% more collateral bought on debt",
                moreLeverage,
                "short gamma x4",
                moreGamma,
                "depth / 4",
                lessDepth)
            .entrySet()) {
      double[] loss = losses(entry.getValue());
      double el = MonteCarloStats.mean(loss);
      double es = MonteCarloStats.expectedShortfall(loss, 0.99);
      assertTrue(el >= baseEl, entry.getKey() + ": EL " + el + " < base " + baseEl);
      assertTrue(es >= baseEs, entry.getKey() + ": ES99 " + es + " < base " + baseEs);
      double premium = premium(entry.getValue());
      assertTrue(
          premium >= basePremium, entry.getKey() + ": premium " + premium + " < " + basePremium);
    }
  }
}
