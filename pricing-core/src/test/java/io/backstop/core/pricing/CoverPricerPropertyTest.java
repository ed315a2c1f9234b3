package io.backstop.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.CoverTerms;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MODEL.md sections 6 and 8, the monotone properties of the premium, on random loss samples and
 * terms. Every comparison uses the same seed (common random numbers), under which they hold exactly
 * (see the proof in {@link CoverPricer}): asserted with {@code <=}, no tolerance, including one-ulp
 * changes of the inputs.
 */
class CoverPricerPropertyTest {

  private static final CoverPricer PRICER = new CoverPricer(2_000, 10);
  private static final int TRIALS = 150;

  /** A sample of N in [1, 1500] losses: mostly zero, a lognormal body and a Pareto tail. */
  private static double[] losses(SplittableRandom rng) {
    int n = 1 + rng.nextInt(1500);
    double hit = rng.nextDouble() * 0.3;
    double scale = Math.scalb(1.0, rng.nextInt(0, 30));
    double[] losses = new double[n];
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      if (u < hit) {
        losses[i] = scale * Math.exp(rng.nextGaussian());
      } else if (u < hit * 1.1) {
        losses[i] = scale * 10 * Math.pow(1 - rng.nextDouble(), -1 / 1.5);
      }
    }
    return losses;
  }

  private static CoverTerms terms(SplittableRandom rng, double[] losses) {
    double max = 0;
    for (double v : losses) {
      max = Math.max(max, v);
    }
    double termDays = 0.1 + rng.nextDouble() * 90;
    double maxCost = Math.min(1.0, 365.0 / termDays); // capital charge w <= 1
    return new CoverTerms(
        rng.nextDouble() * max,
        (0.01 + rng.nextDouble()) * Math.max(max, 1.0) * 3,
        termDays,
        rng.nextDouble() * maxCost,
        rng.nextDouble() * 0.5);
  }

  private static double horizonHours(SplittableRandom rng) {
    double[] choices = {6, 8, 24, 36.5};
    return choices[rng.nextInt(choices.length)];
  }

  private static void assertNotAbove(PremiumQuote lower, PremiumQuote higher, String what) {
    assertTrue(
        lower.premiumUsd() <= higher.premiumUsd(),
        () -> what + ": " + lower.premiumUsd() + " > " + higher.premiumUsd());
  }

  private static CoverTerms withAttachment(CoverTerms t, double a) {
    return new CoverTerms(a, t.limitUsd(), t.termDays(), t.costOfCapital(), t.expenseLoad());
  }

  private static CoverTerms withLimit(CoverTerms t, double m) {
    return new CoverTerms(t.attachmentUsd(), m, t.termDays(), t.costOfCapital(), t.expenseLoad());
  }

  private static CoverTerms withCost(CoverTerms t, double c, double e) {
    return new CoverTerms(t.attachmentUsd(), t.limitUsd(), t.termDays(), c, e);
  }

  @Test
  void higherAttachmentNeverRaisesThePremium() {
    SplittableRandom rng = new SplittableRandom(101);
    for (int trial = 0; trial < TRIALS; trial++) {
      double[] losses = losses(rng);
      CoverTerms t = terms(rng, losses);
      double h = horizonHours(rng);
      long seed = rng.nextLong();
      double a = t.attachmentUsd();
      double higher = trial % 3 == 0 ? Math.nextUp(a) : a + rng.nextDouble() * (a + 1);
      assertNotAbove(
          PRICER.price(losses, withAttachment(t, higher), h, seed),
          PRICER.price(losses, t, h, seed),
          "attachment " + a + " -> " + higher);
    }
  }

  @Test
  void higherLimitNeverLowersThePremium() {
    SplittableRandom rng = new SplittableRandom(202);
    for (int trial = 0; trial < TRIALS; trial++) {
      double[] losses = losses(rng);
      CoverTerms t = terms(rng, losses);
      double h = horizonHours(rng);
      long seed = rng.nextLong();
      double m = t.limitUsd();
      double higher = trial % 3 == 0 ? Math.nextUp(m) : m * (1 + rng.nextDouble());
      assertNotAbove(
          PRICER.price(losses, t, h, seed),
          PRICER.price(losses, withLimit(t, higher), h, seed),
          "limit " + m + " -> " + higher);
    }
  }

  /** Each loss scaled up, or raised by its own random amount (stochastically larger, same N). */
  @Test
  void largerLossesNeverLowerThePremium() {
    SplittableRandom rng = new SplittableRandom(303);
    for (int trial = 0; trial < TRIALS; trial++) {
      double[] losses = losses(rng);
      CoverTerms t = terms(rng, losses);
      double h = horizonHours(rng);
      long seed = rng.nextLong();
      double[] larger = losses.clone();
      double factor = 1 + rng.nextDouble();
      for (int i = 0; i < larger.length; i++) {
        larger[i] =
            trial % 2 == 0
                ? larger[i] * factor
                : larger[i] + (rng.nextInt(4) == 0 ? rng.nextDouble() * t.limitUsd() : 0);
      }
      assertNotAbove(
          PRICER.price(losses, t, h, seed), PRICER.price(larger, t, h, seed), "larger losses");
    }
  }

  @Test
  void moreCostOfCapitalOrExpenseLoadNeverLowersThePremium() {
    SplittableRandom rng = new SplittableRandom(404);
    for (int trial = 0; trial < TRIALS; trial++) {
      double[] losses = losses(rng);
      CoverTerms t = terms(rng, losses);
      double h = horizonHours(rng);
      long seed = rng.nextLong();
      double maxCost = Math.min(1.0, 365.0 / t.termDays());
      double c = t.costOfCapital();
      double moreCost = trial % 3 == 0 ? Math.nextUp(c) : c + rng.nextDouble() * (maxCost - c);
      if (moreCost * t.termDays() / 365.0 > 1.0) {
        moreCost = c;
      }
      double e = t.expenseLoad();
      double moreExpense = trial % 3 == 0 ? Math.nextUp(e) : e + rng.nextDouble() * (1 - e) * 0.9;
      PremiumQuote base = PRICER.price(losses, t, h, seed);
      assertNotAbove(
          base, PRICER.price(losses, withCost(t, moreCost, e), h, seed), "cost of capital");
      assertNotAbove(
          base, PRICER.price(losses, withCost(t, c, moreExpense), h, seed), "expense load");
    }
  }

  /** Premium >= EL, rate on line in [0, 1 / (1 - e)], parts >= 0 and exactly additive. */
  @Test
  void premiumIsBoundedAndItsPartsAddUp() {
    SplittableRandom rng = new SplittableRandom(505);
    for (int trial = 0; trial < TRIALS; trial++) {
      double[] losses = losses(rng);
      CoverTerms t = terms(rng, losses);
      PremiumQuote q = PRICER.price(losses, t, horizonHours(rng), rng.nextLong());
      String context = q + " for " + t;
      assertEquals(
          q.premiumUsd(), q.expectedLossUsd() + q.riskLoadUsd() + q.expenseLoadUsd(), 0.0, context);
      assertTrue(q.expectedLossUsd() >= 0 && q.riskLoadUsd() >= 0 && q.expenseLoadUsd() >= 0);
      assertTrue(q.premiumUsd() >= q.expectedLossUsd(), context);
      assertTrue(q.termEs99Usd() >= q.expectedLossUsd() && q.termEs99Usd() <= t.limitUsd());
      assertTrue(q.rateOnLine() >= 0 && q.rateOnLine() <= 1 / (1 - t.expenseLoad()), context);
      assertTrue(q.layerHitProbability() >= 0 && q.layerHitProbability() <= 1, context);
      // The risk load is c (ES - EL) T / 365 up to rounding of the split.
      double riskLoad =
          t.costOfCapital() * (q.termEs99Usd() - q.expectedLossUsd()) * t.termDays() / 365;
      assertEquals(riskLoad, q.riskLoadUsd(), 1e-12 * Math.max(q.premiumUsd(), 1e-300), context);
    }
  }

  @Test
  void zeroLossBookPricesAtZeroExpectedLossAndRiskLoad() {
    SplittableRandom rng = new SplittableRandom(606);
    for (int trial = 0; trial < 20; trial++) {
      double[] losses = new double[1 + rng.nextInt(1000)];
      if (trial % 2 == 1) {
        for (int i = 0; i < losses.length; i++) {
          losses[i] = -rng.nextDouble() * 1e6; // gains only
        }
      }
      CoverTerms t = terms(rng, new double[] {1e6});
      PremiumQuote q = PRICER.price(losses, t, horizonHours(rng), rng.nextLong());
      assertEquals(0.0, q.expectedLossUsd(), 0.0);
      assertEquals(0.0, q.riskLoadUsd(), 0.0);
      assertEquals(0.0, q.premiumUsd(), 0.0);
      assertEquals(0.0, q.layerHitProbability(), 0.0);
    }
  }
}
