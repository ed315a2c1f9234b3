package io.backstop.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.CoverTerms;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CoverPricerTest {

  private static final CoverPricer PRICER = CoverPricer.DEFAULT;

  @Test
  void zeroLossBookPricesAtZero() {
    PremiumQuote q = PRICER.price(new double[1000], new CoverTerms(0, 1e6, 30, 0.2, 0.3), 24, 1);
    assertEquals(new PremiumQuote(0, 0, 0, 0, 0, 0, 0, 0, 30), q);
  }

  /**
   * Every scenario loses 150 against an attachment of 100: the layer loses 50 in every horizon, so
   * the term loss is min(7 x 50, M) on every path with no randomness left: EL = ES = term loss, no
   * risk load, P = EL / (1 - e) exactly.
   */
  @Test
  void constantLossIsDeterministicAndTheLimitIsAggregate() {
    double[] losses = new double[500];
    java.util.Arrays.fill(losses, 150.0);
    PremiumQuote q = PRICER.price(losses, new CoverTerms(100, 1000, 7, 0.5, 0.2), 24, 9);
    assertEquals(350.0, q.expectedLossUsd(), 0.0);
    assertEquals(350.0, q.termEs99Usd(), 0.0);
    assertEquals(0.0, q.riskLoadUsd(), 0.0);
    assertEquals(350.0 / (1.0 - 0.2), q.premiumUsd(), 0.0);
    assertEquals(1.0, q.layerHitProbability(), 0.0);
    assertEquals(0.0, q.premiumStdErrorUsd(), 0.0);
    assertEquals(7.0, q.horizonsPerTerm(), 0.0);

    // Limit 300 < 7 x 50: the layer pays 300 over the term, not 7 x min(50, 300).
    PremiumQuote capped = PRICER.price(losses, new CoverTerms(100, 300, 7, 0.5, 0.0), 24, 9);
    assertEquals(300.0, capped.premiumUsd(), 0.0);
    assertEquals(1.0, capped.rateOnLine(), 0.0);
  }

  /**
   * The fund absorbs first losses once over the term, not once per horizon: every scenario loses
   * 150 gross and the fund holds 400, so over 7 horizons it covers the first two and 100 of the
   * third: the protocol loses 50 + 4 x 150 = 650 over the term, every path alike. A fund refilled
   * every horizon would leave no loss at all.
   */
  @Test
  void theFundIsDrawnDownOverTheTermNotRefilledEachHorizon() {
    double[] gross = new double[500];
    java.util.Arrays.fill(gross, 150.0);
    CoverTerms firstLoss = new CoverTerms(0, 1e6, 7, 0.5, 0.0);
    PremiumQuote q = PRICER.price(gross, 400, firstLoss, 24, 9);
    assertEquals(650.0, q.expectedLossUsd(), 0.0);
    assertEquals(650.0, q.premiumUsd(), 0.0);
    // An attachment of 100 per horizon: the third horizon's 50 stays below it, the last four each
    // pay 50.
    PremiumQuote attached = PRICER.price(gross, 400, new CoverTerms(100, 1e6, 7, 0.5, 0.0), 24, 9);
    assertEquals(200.0, attached.expectedLossUsd(), 0.0);
    // A fund that covers the whole term: nothing reaches the layer.
    assertEquals(0.0, PRICER.price(gross, 7 * 150, firstLoss, 24, 9).premiumUsd(), 0.0);
  }

  /**
   * With no fund the quote is model 0.3.4's to the last bit (the pinned figures are what 0.3.4's
   * CoverPricer, compiled from commit bc04035, returns for these losses); a larger fund never
   * raises the premium (same seed, path by path).
   */
  @Test
  void aLargerFundNeverRaisesThePremium() {
    SplittableRandom random = new SplittableRandom(5);
    double[] gross = new double[4_000];
    for (int i = 0; i < gross.length; i++) {
      gross[i] = random.nextDouble() < 0.05 ? 1e6 * random.nextDouble() : 0.0;
    }
    CoverTerms terms = new CoverTerms(50_000, 2e6, 30, 0.2, 0.1);
    assertEquals(
        new PremiumQuote(
            786152.307635909,
            685936.0252323011,
            21601.051640016958,
            78615.2307635909,
            0.39307615381795447,
            0.76865,
            41062.18883644028,
            2000000.0,
            30.0),
        PRICER.price(gross, 0.0, terms, 24, 11));
    double previous = Double.POSITIVE_INFINITY;
    for (double fund : new double[] {0, 1e4, 1e5, 5e5, 2e6, 1e7}) {
      double premium = PRICER.price(gross, fund, terms, 24, 11).premiumUsd();
      assertTrue(premium <= previous, "fund " + fund + ": " + premium + " > " + previous);
      previous = premium;
    }
    assertTrue(previous < PRICER.price(gross, terms, 24, 11).premiumUsd(), "the fund must bite");
    assertThrows(IllegalArgumentException.class, () -> PRICER.price(gross, -1, terms, 24, 11));
  }

  /**
   * Non-integer n: 5 days of 48-hour horizons is n = 2.5: each path holds 2 horizons, plus a third
   * with probability 1/2, so with a constant layer loss of 10 the term loss is 20 or 30 and E = 25.
   * Tolerance: four binomial standard errors of the path mean, 4 x 5 / sqrt(20,000).
   */
  @Test
  void fractionalHorizonIsThinned() {
    double[] losses = new double[100];
    java.util.Arrays.fill(losses, 10.0);
    PremiumQuote q = PRICER.price(losses, new CoverTerms(0, 1e9, 5, 0, 0), 48, 3);
    assertEquals(2.5, q.horizonsPerTerm(), 0.0);
    assertEquals(25.0, q.expectedLossUsd(), 4 * 5 / Math.sqrt(20_000));
    assertEquals(30.0, q.termEs99Usd(), 0.0);

    // n = 0.25: the only horizon is present with probability 1/4.
    PremiumQuote shortTerm = PRICER.price(losses, new CoverTerms(0, 1e9, 0.25, 0, 0), 24, 3);
    assertEquals(0.25, shortTerm.layerHitProbability(), 4 * Math.sqrt(0.25 * 0.75 / 20_000));
  }

  /**
   * Exponential horizon losses with mean mu, attachment A, no cap in reach: E[max(L - A, 0)] = mu
   * exp(-A / mu), so EL_term = n mu exp(-A / mu) exactly, thinning included (n = 30 here). With
   * zero cost of capital and expenses the premium is EL_term, and it must sit within four of its
   * own reported standard errors, which must therefore include the scenario-set error (an error
   * from the term paths alone would be about sqrt(30) too small). Repeated over 20 seeds: all
   * within 4 SE.
   */
  @Test
  void premiumMatchesClosedFormWithinFourStandardErrors() {
    double mu = 1e5;
    double attachment = 2e5;
    double exact = 30 * mu * Math.exp(-attachment / mu);
    CoverTerms terms = new CoverTerms(attachment, 1e12, 30, 0, 0);
    SplittableRandom root = new SplittableRandom(5);
    for (int trial = 0; trial < 20; trial++) {
      SplittableRandom rng = root.split();
      double[] losses = new double[4000];
      for (int i = 0; i < losses.length; i++) {
        losses[i] = -mu * Math.log1p(-rng.nextDouble());
      }
      PremiumQuote q = new CoverPricer(4000, 10).price(losses, terms, 24, trial);
      assertEquals(exact, q.premiumUsd(), 4 * q.premiumStdErrorUsd(), "trial " + trial);
    }
  }

  @Test
  void sameInputsAndSeedGiveTheSameQuote() {
    double[] losses = new double[3000];
    SplittableRandom rng = new SplittableRandom(8);
    for (int i = 0; i < losses.length; i++) {
      losses[i] = rng.nextDouble() < 0.9 ? 0 : 1e6 * rng.nextDouble();
    }
    double[] copy = losses.clone();
    CoverTerms terms = new CoverTerms(2e5, 1e6, 90, 0.15, 0.25);
    PremiumQuote first = PRICER.price(losses, terms, 24, 77);
    assertEquals(first, PRICER.price(losses, terms, 24, 77));
    assertEquals(java.util.Arrays.toString(copy), java.util.Arrays.toString(losses));
    assertTrue(!first.equals(PRICER.price(losses, terms, 24, 78)), "another seed resamples");
  }

  @Test
  void rejectsBadInputNamingIt() {
    CoverTerms terms = new CoverTerms(0, 1, 30, 0.1, 0.2);
    assertEquals(
        "horizonLosses[2] must be finite, got Infinity",
        assertThrows(
                IllegalArgumentException.class,
                () -> PRICER.price(new double[] {1, 2, Double.POSITIVE_INFINITY}, terms, 24, 0))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> PRICER.price(new double[0], terms, 24, 0));
    assertThrows(
        IllegalArgumentException.class, () -> PRICER.price(new double[1], terms, Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> PRICER.price(new double[1], terms, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> PRICER.price(new double[1], new CoverTerms(0, 1, 30, 0.1, 1.5), 24, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> PRICER.price(new double[1], new CoverTerms(0, 1, 1e5, 0, 0), 0.001, 0));
    assertThrows(IllegalArgumentException.class, () -> new CoverPricer(999, 10));
    assertThrows(IllegalArgumentException.class, () -> new CoverPricer(1000, 1));
  }

  @Test
  void fewerScenariosThanBatchesHaveNoStandardError() {
    PremiumQuote q =
        PRICER.price(new double[] {0, 5, 10}, new CoverTerms(1, 100, 30, 0.1, 0.1), 24, 4);
    assertTrue(Double.isNaN(q.premiumStdErrorUsd()));
    assertTrue(q.premiumUsd() > 0);
  }

  /**
   * The additive split: (el + r) + x == premium exactly with r, x >= 0, on 200,000 random
   * magnitudes and on the round-to-even trap where no x completes a partial sum to the premium.
   */
  @Test
  void partsAddUpExactly() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int trial = 0; trial < 200_000; trial++) {
      double el = Math.scalb(rng.nextDouble(), rng.nextInt(-10, 40));
      double numerator = el + Math.scalb(rng.nextDouble(), rng.nextInt(-60, 40));
      numerator = Math.max(numerator, el);
      double premium = numerator / (1 - rng.nextDouble() * 0.99);
      if (rng.nextInt(4) == 0) {
        premium = Math.nextUp(numerator);
      }
      assertAdditive(el, numerator, premium);
    }
    // Trap: base 2^-53 and target 1 + 2^-52 (odd last bit): base + d is a tie for both
    // neighbouring d and rounds to even, away from the target.
    double base = 0x1.0p-53;
    double target = 1 + 0x1.0p-52;
    assertTrue(Double.isNaN(CoverPricer.complement(base, target)), "the trap is real");
    assertAdditive(base, base, target);
    assertAdditive(0.0, base, target);
  }

  private static void assertAdditive(double el, double numerator, double premium) {
    double[] parts = CoverPricer.additiveParts(el, numerator, premium);
    assertEquals(premium, el + parts[0] + parts[1], 0.0);
    assertTrue(parts[0] >= 0 && parts[1] >= 0);
    // The split moves by at most four ulps of the numerator (plus the rounding of the subtraction).
    assertEquals(numerator - el, parts[0], 5 * Math.ulp(numerator));
    assertEquals(premium - numerator, parts[1], 5 * Math.ulp(premium));
  }

  /**
   * The documented minimums are accepted at their ends: 2 batches, 100 paths per batch, and a term
   * of exactly MAX_HORIZONS_PER_TERM horizons (1562.5 days of 0.375 hours: 100,000 exactly in
   * binary).
   */
  @Test
  void theEndsOfTheAcceptedRanges() {
    CoverPricer smallest = new CoverPricer(200, 2);
    assertEquals(
        "termPaths must be at least 100 x batches = 1000, got 999",
        assertThrows(IllegalArgumentException.class, () -> new CoverPricer(999, 10)).getMessage());
    PremiumQuote longest =
        smallest.price(new double[] {0, 0}, new CoverTerms(0, 1, 1562.5, 0, 0), 0.375, 1);
    assertEquals(CoverPricer.MAX_HORIZONS_PER_TERM, longest.horizonsPerTerm(), 0.0);
    assertEquals(0.0, longest.premiumUsd(), 0.0);
  }

  /**
   * N = G is enough for batch means (NaN only when N < G): with 2 batches of one scenario each, 0
   * and 10, one horizon per term, no loads, the batch premiums are 0 and 10 exactly, so SE =
   * sqrt((5^2 + 5^2) / (2 x 1)) = 5 exactly.
   */
  @Test
  void asManyScenariosAsBatchesHaveAStandardError() {
    PremiumQuote q =
        new CoverPricer(200, 2).price(new double[] {0, 10}, new CoverTerms(0, 1e9, 1, 0, 0), 24, 3);
    assertEquals(5.0, q.premiumStdErrorUsd(), 0.0);
  }
}
