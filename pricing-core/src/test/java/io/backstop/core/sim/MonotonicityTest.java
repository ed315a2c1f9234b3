package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.CascadeEngine;
import io.backstop.core.Fixtures;
import io.backstop.core.model.Asset;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.ConstantProductPool;
import io.backstop.core.model.CoverTerms;
import io.backstop.core.model.DepthCurve;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.pricing.CoverPricer;
import io.backstop.core.pricing.PremiumQuote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Monotone properties of MODEL.md sections 6 and 8: more volatility, more debt, more leverage, more
 * negative gamma or less depth never lowers the expected loss, ES99 or the premium of a cover layer
 * on the protocol's loss (the premium as the service quotes it: gross losses, the fixture's
 * insurance fund drawn down over the term). They are statements about the model, not about one
 * Monte Carlo estimate, so each is tested as a paired difference with its own standard error: the
 * changed book runs on the base book's scenarios (same seed, common random numbers), the EL
 * difference has the standard error of the scenarios' differences, ES99's difference that of a
 * paired bootstrap, and the premium's that of the two quotes' own standard errors combined as if
 * independent (larger than the paired one). "Never lowers" is then "not below minus three standard
 * errors" (MODEL.md's three standard errors), on three seeds.
 *
 * <p>So that the test can fail, every change is also required to raise the expected loss by more
 * than three standard errors (a model that ignored the input, or answered it the wrong way, fails
 * that), and the layer is chosen so that no book's premium is at its ceiling, limit / (1 - expense
 * load), where a comparison would hold whatever the losses.
 */
class MonotonicityTest {
  private static final int SCENARIOS = 10_000;
  private static final long[] SEEDS = {3, 4, 99};
  private static final int BOOTSTRAP = 200;

  /** A layer the base book touches and no changed book exhausts. */
  private static final CoverTerms COVER = new CoverTerms(1_000_000, 2_000_000_000, 30, 0.15, 0.2);

  private static final double PREMIUM_CEILING = COVER.limitUsd() / (1 - COVER.expenseLoad());

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static RunSettings settings(long seed) {
    return new RunSettings(SCENARIOS, seed, 48, 30, List.of());
  }

  /** One book's run: its gross and net losses per scenario and its premium quote. */
  private record Outcome(double[] gross, PremiumQuote premium) {}

  private static Outcome run(ProtocolExposure exposure, long seed) {
    RunSettings settings = settings(seed);
    SimulationResult r =
        CascadeEngine.DEFAULT.simulate(
            exposure,
            settings,
            new Parallelism(pool, 2),
            ProgressListener.NONE,
            CancellationToken.NONE);
    // As the service quotes it: the gross losses, the insurance fund drawn down over the term.
    PremiumQuote premium =
        CoverPricer.DEFAULT.price(
            r.grossLossUsd(),
            exposure.controls().insuranceFundUsd(),
            COVER,
            settings.horizonHours(),
            seed);
    return new Outcome(r.grossLossUsd(), premium);
  }

  /** Mean and standard error of the scenarios' differences changed - base. */
  private static double[] pairedMean(double[] changed, double[] base) {
    double[] d = new double[base.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = changed[i] - base[i];
    }
    return new double[] {MonteCarloStats.mean(d), MonteCarloStats.standardError(d)};
  }

  /**
   * ES99(changed) - ES99(base) and its standard error by a paired bootstrap: the same resampled
   * scenario indices for both books, {@value #BOOTSTRAP} times, from a fixed stream.
   */
  private static double[] pairedEs99(double[] changed, double[] base, long seed) {
    double difference =
        MonteCarloStats.expectedShortfall(changed, 0.99)
            - MonteCarloStats.expectedShortfall(base, 0.99);
    RandomStream random = new RandomStream();
    random.reset(seed, 1);
    double[] a = new double[base.length];
    double[] b = new double[base.length];
    double sum = 0;
    double sumSquares = 0;
    for (int r = 0; r < BOOTSTRAP; r++) {
      for (int i = 0; i < base.length; i++) {
        int j = (int) (random.nextUniform() * base.length);
        a[i] = changed[j];
        b[i] = base[j];
      }
      double d =
          MonteCarloStats.expectedShortfall(a, 0.99) - MonteCarloStats.expectedShortfall(b, 0.99);
      sum += d;
      sumSquares += d * d;
    }
    double mean = sum / BOOTSTRAP;
    return new double[] {difference, Math.sqrt((sumSquares / BOOTSTRAP - mean * mean))};
  }

  private static Asset withCurve(Asset a, DepthCurve curve) {
    Liquidity l = a.liquidity();
    return new Asset(
        a.id(),
        a.assetClass(),
        a.priceUsd(),
        a.annualVolatility(),
        a.tailDof(),
        a.jump(),
        new Liquidity(
            curve,
            l.halfLifeMinutes(),
            l.permanentFraction(),
            l.exitCapacityUsdPerHour(),
            l.settlementDelayHours()),
        a.oracle());
  }

  /** The same curve with a quarter of its depth at every price. */
  private static DepthCurve thinner(DepthCurve curve) {
    if (curve instanceof LinearDepth d) {
      return new LinearDepth(d.usdPerPercent() / 4);
    }
    if (curve instanceof ConstantProductPool p) {
      return new ConstantProductPool(p.baseReserve() / 4, p.quoteReserveUsd() / 4);
    }
    List<BidLevel> levels = new ArrayList<>();
    ((BidLadder) curve)
        .levels()
        .forEach(l -> levels.add(new BidLevel(l.priceUsd(), l.quantity() / 4)));
    return new BidLadder(levels);
  }

  /** Asset a's linear curve as a ladder: a level every 1% down to -30%, each 1% of depth. */
  private static BidLadder ladder(Asset a) {
    double usdPerPercent = ((LinearDepth) a.liquidity().curve()).usdPerPercent();
    List<BidLevel> levels = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      double price = a.priceUsd() * (1 - 0.01 * i);
      levels.add(new BidLevel(price, usdPerPercent / price));
    }
    return new BidLadder(levels);
  }

  @Test
  void moreRiskNeverLowersExpectedLossEs99OrPremium() {
    ProtocolExposure base = Fixtures.lendingBook();
    ProtocolExposure moreVol =
        Fixtures.withAssets(
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
    ProtocolExposure moreDebt = Fixtures.withBuckets(base, b -> Fixtures.moreDebt(b, 1.15));
    java.util.Map<String, Double> price = new java.util.HashMap<>();
    base.assets().forEach(a -> price.put(a.id(), a.priceUsd()));
    ProtocolExposure moreLeverage =
        Fixtures.withBuckets(base, b -> Fixtures.levered(b, 0.1, price.get(b.collateralAssetId())));
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
    ProtocolExposure moreGamma = Fixtures.withOptions(base, moreShortGamma);
    ProtocolExposure lessDepth =
        Fixtures.withAssets(base, a -> withCurve(a, thinner(a.liquidity().curve())));
    // A bid ladder is the one curve the book does not have: ETH on a ladder of 30 levels, 1% apart,
    // as deep as its linear curve, against the same ladder with a quarter of the quantities.
    ProtocolExposure ladder =
        Fixtures.withAssets(base, a -> a.id().equals("ETH") ? withCurve(a, ladder(a)) : a);
    ProtocolExposure thinnerLadder =
        Fixtures.withAssets(
            ladder, a -> a.id().equals("ETH") ? withCurve(a, thinner(a.liquidity().curve())) : a);

    record Comparison(String what, ProtocolExposure base, ProtocolExposure changed) {}
    List<Comparison> comparisons =
        List.of(
            new Comparison("volatility x1.5", base, moreVol),
            new Comparison("debt x1.15", base, moreDebt),
            new Comparison("leverage: 10% more collateral bought on debt", base, moreLeverage),
            new Comparison("short gamma x4", base, moreGamma),
            new Comparison("depth / 4 (linear curves and the pool)", base, lessDepth),
            new Comparison("ETH's bid ladder / 4", ladder, thinnerLadder));
    for (long seed : SEEDS) {
      Map<ProtocolExposure, Outcome> bases = new HashMap<>();
      for (Comparison comparison : comparisons) {
        String what = "seed " + seed + ", " + comparison.what();
        Outcome b = bases.computeIfAbsent(comparison.base(), e -> run(e, seed));
        assertTrue(b.premium().premiumUsd() > 0, what + ": the base book must touch the layer");
        Outcome c = run(comparison.changed(), seed);
        assertTrue(
            c.premium().premiumUsd() < 0.9 * PREMIUM_CEILING,
            what + ": premium " + c.premium().premiumUsd() + " near the layer's ceiling");

        double[] el = pairedMean(c.gross(), b.gross());
        assertTrue(el[0] > -3 * el[1], what + ": EL lower by " + -el[0] + " (SE " + el[1] + ")");
        assertTrue(
            el[0] > 3 * el[1],
            what + ": EL up by " + el[0] + ", not 3 SE (" + el[1] + "): the change does not bite");

        double[] es = pairedEs99(c.gross(), b.gross(), seed);
        assertTrue(es[0] > -3 * es[1], what + ": ES99 lower by " + -es[0] + " (SE " + es[1] + ")");

        double premiumDifference = c.premium().premiumUsd() - b.premium().premiumUsd();
        double premiumSe =
            Math.hypot(c.premium().premiumStdErrorUsd(), b.premium().premiumStdErrorUsd());
        assertTrue(
            premiumDifference > -3 * premiumSe,
            what + ": premium lower by " + -premiumDifference + " (SE " + premiumSe + ")");
      }
    }
  }
}
