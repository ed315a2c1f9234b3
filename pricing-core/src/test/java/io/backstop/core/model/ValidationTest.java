package io.backstop.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.Fixtures;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Annotation constraints (through Hibernate Validator) and the cross-field {@link ExposureRules}.
 */
class ValidationTest {
  private static jakarta.validation.ValidatorFactory factory;
  private static Validator validator;

  @BeforeAll
  static void setUp() {
    factory =
        Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();
    validator = factory.getValidator();
  }

  @AfterAll
  static void tearDown() {
    factory.close();
  }

  private static Map<String, List<String>> violations(Object bean) {
    Set<ConstraintViolation<Object>> found = validator.validate(bean);
    Map<String, List<String>> byPath = new TreeMap<>();
    for (ConstraintViolation<Object> v : found) {
      byPath
          .computeIfAbsent(v.getPropertyPath().toString(), k -> new ArrayList<>())
          .add(v.getMessage());
    }
    return byPath;
  }

  /** A book of these assets and correlations alone (no options, loans, cross-impact, controls). */
  private static ProtocolExposure correlated(List<Asset> assets, List<Correlation> correlations) {
    return new ProtocolExposure("p", assets, correlations, List.of(), List.of(), List.of(), null);
  }

  private static Map<String, List<String>> byPath(List<Violation> list) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Violation v : list) {
      out.computeIfAbsent(v.path(), k -> new ArrayList<>()).add(v.message());
    }
    return out;
  }

  @Test
  void theLendingFixtureIsValid() {
    ProtocolExposure book = Fixtures.lendingBook();
    assertEquals(Map.of(), violations(book));
    assertEquals(List.of(), ExposureRules.check(book));
  }

  @Test
  void everyBadFieldIsReportedAtOnceWithItsPath() {
    Asset nanVol = new Asset("A", AssetClass.CRYPTO, 100, Double.NaN, 0, null, null, null);
    Asset negPrice =
        new Asset(
            "B",
            AssetClass.NFT,
            -5,
            0.5,
            0,
            new JumpProcess(Double.POSITIVE_INFINITY, 0, -1),
            new Liquidity(new LinearDepth(0), 0, 1.5, 0, 0),
            null);
    Asset infPrice = new Asset("C", null, Double.POSITIVE_INFINITY, 0.5, 0, null, null, null);
    ProtocolExposure exposure =
        new ProtocolExposure(
            "p",
            List.of(nanVol, negPrice, infPrice),
            List.of(new Correlation("A", "B", 1.2)),
            List.of(),
            List.of(new LoanBucket("A", 1, 1, 1.1, 1, 0, -1)),
            List.of(new OptionPosition("A", OptionType.PUT, 0, 1, Double.NaN, 1, -1)),
            null);
    Map<String, List<String>> found = violations(exposure);
    assertEquals(
        Set.of(
            "assets[0].annualVolatility",
            "assets[1].priceUsd",
            "assets[1].jump.intensityPerYear",
            "assets[1].jump.stdLogJump",
            "assets[1].liquidity.curve.usdPerPercent",
            "assets[1].liquidity.permanentFraction",
            "assets[2].assetClass",
            "assets[2].priceUsd",
            "correlations[0].correlation",
            "loanBuckets[0].liquidationThreshold",
            "loanBuckets[0].liquidationBonus",
            "loanBuckets[0].count",
            "options[0].strikeUsd",
            "options[0].impliedVolatility"),
        found.keySet());
    assertEquals(
        List.of("must be at least 1e-12 and at most 1e12 (a price in USD)"),
        found.get("assets[1].priceUsd"));
    assertTrue(
        found.get("assets[2].priceUsd").contains("must be a finite number (not NaN or infinity)"));
    assertTrue(
        found
            .get("assets[0].annualVolatility")
            .contains("must be a finite number (not NaN or infinity)"));
  }

  @Test
  void valuesBeyondAnyMeaningAreRefusedWithTheRange() {
    // A percentage written as a number (volatility 75 for 0.75, a threshold of 50 for 50%), a depth
    // past the rounding of the price it moves (1e308 gave a NaN slippage), durations of centuries
    // and an id of 8,000 characters: each refused, naming what is allowed.
    Asset a =
        new Asset(
            "A".repeat(129),
            AssetClass.CRYPTO,
            100,
            75,
            0,
            null,
            new Liquidity(new LinearDepth(1e16), 0, 0, 0, 8_785),
            new Oracle(OracleKind.PUSH, 31_622_401, 0, 50, 1e308));
    Asset b =
        new Asset(
            "B",
            AssetClass.CRYPTO,
            100,
            10,
            0,
            null,
            new Liquidity(new LinearDepth(1e15), 0, 0, 0, 8_784),
            new Oracle(OracleKind.TWAP, 31_622_400, 527_041, 1, 31_622_400));
    Map<String, List<String>> found = violations(correlated(List.of(a, b), List.of()));
    assertEquals(
        Map.of(
            "assets[0].id",
            List.of("must be at most 128 characters (an asset id such as \"WETH\")"),
            "assets[0].annualVolatility",
            List.of(Asset.VOLATILITY_MESSAGE),
            "assets[0].liquidity.curve.usdPerPercent",
            List.of(LinearDepth.MESSAGE),
            "assets[0].liquidity.settlementDelayHours",
            List.of(Liquidity.SETTLEMENT_MESSAGE),
            "assets[0].oracle.latencySeconds",
            List.of(Oracle.LATENCY_MESSAGE),
            "assets[0].oracle.deviationThresholdFraction",
            List.of(Oracle.THRESHOLD_MESSAGE),
            "assets[0].oracle.heartbeatSeconds",
            List.of(Oracle.HEARTBEAT_MESSAGE),
            "assets[1].oracle.twapWindowMinutes",
            List.of(Oracle.WINDOW_MESSAGE)),
        found);
  }

  @Test
  void aMessageAboutAnUnknownIdStaysShortHoweverLongTheIdsAndManyTheReferences() {
    // 32 assets of 8,000-character ids and 2,000 buckets naming none of them: each message listed
    // every id (256 KB), and the 2,000 messages took a 512 MiB heap (an audit's finding).
    List<Asset> assets = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      assets.add(Fixtures.plainAsset(String.format("%02d", i) + "A".repeat(8_000), 100, 0.5));
    }
    List<LoanBucket> buckets = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      buckets.add(Fixtures.loan("x".repeat(i % 2 == 0 ? 1 : 5_000), 1, 1, 0.8, 0));
    }
    List<Violation> found =
        ExposureRules.check(
            new ProtocolExposure("p", assets, List.of(), List.of(), buckets, List.of(), null));
    assertEquals(2_000, found.size());
    for (Violation v : found) {
      // The 300 characters an error detail carries (GrpcErrors), the bad value at the end.
      assertTrue(v.message().length() <= 300, v.message().length() + ": " + v.message());
    }
    assertEquals(
        "must name one of the assets' ids [00AAAAAAAAAAAAAAAAAAA... (8002 characters), "
            + "01AAAAAAAAAAAAAAAAAAA... (8002 characters), 02AAAAAAAAAAAAAAAAAAA... (8002"
            + " characters), ... (32 ids)], was \"x\"",
        found.get(0).message());
    assertTrue(
        found.get(1).message().endsWith("was \"xxxxxxxxxxxxxxxxxxxxx... (5000 characters)\""),
        found.get(1).message());
    // Few and short ids are listed whole, as before.
    List<Violation> small =
        ExposureRules.check(
            new ProtocolExposure(
                "p",
                List.of(Fixtures.plainAsset("WETH", 1, 0.1), Fixtures.plainAsset("WBTC", 1, 0.1)),
                List.of(),
                List.of(),
                List.of(Fixtures.loan("NOPE", 1, 1, 0.8, 0)),
                List.of(),
                null));
    assertEquals(
        "must name one of the assets' ids [WBTC, WETH], was \"NOPE\"", small.get(0).message());
  }

  /**
   * The listing of ids in a message about an unknown one ("[" and the sorted ids joined by ", ") is
   * shown whole up to {@value ExposureRules#LISTING_CHARS} characters and cut one character beyond:
   * seven ids of 20 characters ("AAA..." to "GGG...") take 1 + 7 x 20 + 6 x 2 = 153, and an eighth
   * sorted last ("HHH...") adds 2 + its length, so one of 5 characters makes exactly 160 and one of
   * 6 makes 161, which leaves it out and gives the count of ids instead.
   */
  @Test
  void theIdListingIsShownWholeAtItsLimitAndCutOneCharacterBeyond() {
    List<String> seven = new ArrayList<>();
    for (char c = 'A'; c <= 'G'; c++) {
      seven.add(String.valueOf(c).repeat(20));
    }
    String sevenListed = "[" + String.join(", ", seven);
    assertEquals(153, sevenListed.length());
    for (int last : new int[] {5, 6}) {
      List<Asset> assets = new ArrayList<>();
      for (String id : seven) {
        assets.add(Fixtures.plainAsset(id, 1, 0.1));
      }
      String eighth = "H".repeat(last);
      assets.add(Fixtures.plainAsset(eighth, 1, 0.1));
      List<Violation> found =
          ExposureRules.check(
              new ProtocolExposure(
                  "p",
                  assets,
                  List.of(),
                  List.of(),
                  List.of(Fixtures.loan("X", 1, 1, 0.8, 0)),
                  List.of(),
                  null));
      String listed = sevenListed + ", " + eighth;
      assertEquals(ExposureRules.LISTING_CHARS + last - 5, listed.length());
      String expected =
          last == 5
              ? "must name one of the assets' ids " + listed + "], was \"X\""
              : "must name one of the assets' ids " + sevenListed + ", ... (8 ids)], was \"X\"";
      assertEquals(
          List.of(new Violation("loanBuckets[0].collateralAssetId", expected)),
          found,
          "listing of " + listed.length() + " characters");
    }
  }

  @Test
  void crossFieldRulesReportEveryViolationWithItsPath() {
    Asset a = Fixtures.plainAsset("A", 100, 0.5);
    Asset dup =
        new Asset(
            "A",
            AssetClass.CRYPTO,
            100,
            0.5,
            1.5,
            null,
            null,
            new Oracle(OracleKind.TWAP, 0, 0, 0, 0));
    Asset ladder =
        new Asset(
            "L",
            AssetClass.NFT,
            10,
            0.5,
            0,
            null,
            new Liquidity(
                new BidLadder(List.of(new BidLevel(11, 1), new BidLevel(9, 1), new BidLevel(9, 1))),
                0,
                0,
                0,
                0),
            new Oracle(null, 0, 0, 0, 0));
    ProtocolExposure exposure =
        new ProtocolExposure(
            "p",
            List.of(a, dup, ladder),
            List.of(
                new Correlation("A", "A", 0.5),
                new Correlation("A", "X", 0.5),
                new Correlation("A", "L", 0.1),
                new Correlation("L", "A", 0.2)),
            List.of(new CrossImpact("L", "L", 0.5)),
            List.of(Fixtures.loan("Z", 1, 1, 0.8, 0)),
            List.of(new OptionPosition("Q", OptionType.CALL, 1, 1, 1, 1, 0)),
            null);
    Map<String, List<String>> found = byPath(ExposureRules.check(exposure));
    assertEquals(
        Set.of(
            "assets[1].id",
            "assets[1].tailDof",
            "assets[1].oracle.twapWindowMinutes",
            "assets[2].oracle.kind",
            "assets[2].liquidity.curve.levels[0].priceUsd",
            "assets[2].liquidity.curve.levels[2].priceUsd",
            "correlations[0].assetB",
            "correlations[1].assetB",
            "correlations[3]",
            "crossImpacts[0].targetAssetId",
            "loanBuckets[0].collateralAssetId",
            "options[0].assetId",
            "options[0].dealerSign"),
        found.keySet());
  }

  /**
   * A correlation naming a blank asset id (" " as its first, "" as its second asset, beside a good
   * pair) is told so once, at the blank field, by its annotation: the cross-field rules leave the
   * entry out of the matrix and add nothing (not a second "must name one of the assets' ids" for
   * the same field), and do not fail on the id they cannot place.
   */
  @Test
  void aBlankAssetIdInACorrelationIsReportedOnceAtItsField() {
    ProtocolExposure exposure =
        correlated(
            List.of(Fixtures.plainAsset("A", 1, 0.1), Fixtures.plainAsset("B", 1, 0.1)),
            List.of(
                new Correlation(" ", "B", 0.5),
                new Correlation("A", "", 0.5),
                new Correlation("A", "B", 0.2)));
    assertEquals(
        Map.of(
            "correlations[0].assetA",
            List.of("must name an asset id"),
            "correlations[1].assetB",
            List.of("must name an asset id")),
        violations(exposure));
    assertEquals(List.of(), ExposureRules.check(exposure));
  }

  @Test
  void aCorrelationMatrixThatIsNotPositiveSemiDefiniteNamesTheInconsistentEntries() {
    // rho(A,B) = rho(B,C) = 0.9 forces rho(A,C) >= 0.62; -0.9 is impossible: lambda_min = -0.80002
    // (numpy).
    ProtocolExposure exposure =
        correlated(
            List.of(
                Fixtures.plainAsset("A", 1, 0.1),
                Fixtures.plainAsset("B", 1, 0.1),
                Fixtures.plainAsset("C", 1, 0.1),
                Fixtures.plainAsset("D", 1, 0.1)),
            List.of(
                new Correlation("A", "B", 0.9),
                new Correlation("B", "C", 0.9),
                new Correlation("A", "C", -0.9),
                new Correlation("C", "D", 0.01)));
    List<Violation> found = ExposureRules.check(exposure);
    assertTrue(found.size() >= 1 && found.size() <= 3, found.toString());
    for (Violation v : found) {
      assertTrue(v.path().matches("correlations\\[[012]\\]\\.correlation"), v.path());
      assertTrue(v.message().contains("smallest eigenvalue -0.8000"), v.message());
    }
  }

  @Test
  void settingsAndShocks() {
    RunSettings bad = new RunSettings(0, 1, 1, 90, List.of(0.99, 1.0, 0.0));
    assertEquals(
        Set.of("stepMinutes", "confidenceLevels[1]", "confidenceLevels[2]"),
        byPath(ExposureRules.check(bad)).keySet());
    assertEquals(List.of(), ExposureRules.check(RunSettings.defaults(7)));
    Map<String, List<String>> shockViolations =
        byPath(
            ExposureRules.checkShocks(
                Fixtures.lendingBook(),
                List.of(new Shock("ETH", -0.3), new Shock("DOGE", -0.3), new Shock("ETH", -0.1))));
    assertEquals(Set.of("shocks[1].assetId", "shocks[2].assetId"), shockViolations.keySet());
    assertEquals(Set.of("shockFraction"), violations(new Shock("ETH", -1.0)).keySet());
    assertEquals(Set.of("shockFraction"), violations(new Shock("ETH", Double.NaN)).keySet());
  }

  /**
   * The ends of the cross-field ranges: a step as long as the horizon is accepted (one longer is
   * refused, the horizon given in minutes); tail dof must exceed 2 (2 itself is refused); a bid
   * level at the asset's price is accepted; a correlation of exactly 1 is a valid entry, so that
   * A/B = B/C = 1 with A/C = -1 (impossible) is checked and refused as not positive semi-definite.
   */
  @Test
  void crossFieldRangesAcceptTheirEndsAsDocumented() {
    assertEquals(List.of(), ExposureRules.check(new RunSettings(0, 1, 1, 60, List.of())));
    assertEquals(
        List.of(
            new Violation(
                "stepMinutes", "must not exceed the horizon (60 minutes), was 90 minutes")),
        ExposureRules.check(new RunSettings(0, 1, 1, 90, List.of())));
    Asset dofTwo = new Asset("T", AssetClass.CRYPTO, 10, 0.5, 2, null, null, null);
    Asset ladderAtPrice =
        new Asset(
            "L",
            AssetClass.NFT,
            10,
            0.5,
            0,
            null,
            new Liquidity(new BidLadder(List.of(new BidLevel(10, 1))), 0, 0, 0, 0),
            null);
    assertEquals(
        Set.of("assets[0].tailDof"),
        byPath(ExposureRules.check(correlated(List.of(dofTwo, ladderAtPrice), List.of())))
            .keySet());
    ProtocolExposure perfect =
        correlated(
            List.of(
                Fixtures.plainAsset("A", 1, 0.1),
                Fixtures.plainAsset("B", 1, 0.1),
                Fixtures.plainAsset("C", 1, 0.1)),
            List.of(
                new Correlation("A", "B", 1),
                new Correlation("B", "C", 1),
                new Correlation("A", "C", -1)));
    List<Violation> found = ExposureRules.check(perfect);
    assertTrue(!found.isEmpty(), "A/B = B/C = 1 forces A/C = 1");
    for (Violation v : found) {
      assertTrue(v.message().contains("not positive semi-definite"), v.message());
    }
  }

  /**
   * Every pair at -0.9 among three assets: C = 1.9 I - 0.9 J has lambda_min = 1 - 2 x 0.9 = -0.8
   * with v = (1, 1, 1) / sqrt 3, so each entry contributes 2 rho v_a v_b = 2 (-0.9) / 3 = -0.6 and
   * all three are named. Entries that contribute unequally are named most negative first.
   */
  @Test
  void theInconsistentEntriesAreNamedWithTheirContributionMostNegativeFirst() {
    List<Asset> assets =
        List.of(
            Fixtures.plainAsset("A", 1, 0.1),
            Fixtures.plainAsset("B", 1, 0.1),
            Fixtures.plainAsset("C", 1, 0.1));
    List<Violation> all =
        ExposureRules.check(
            correlated(
                assets,
                List.of(
                    new Correlation("A", "B", -0.9),
                    new Correlation("C", "B", -0.9),
                    new Correlation("A", "C", -0.9))));
    assertEquals(3, all.size(), all.toString());
    for (Violation v : all) {
      assertTrue(v.message().contains("smallest eigenvalue -0.800000"), v.message());
      assertTrue(v.message().contains("contributes -0.6000 to it"), v.message());
    }
    // A/C = -0.5, B/C = 0.6, A/B = 0.9, given in that order: lambda_min = -0.3492 and the
    // entries contribute -0.301, -0.374 and -0.675 (numpy), all beyond a quarter of the most
    // negative: named A/B, B/C, A/C.
    List<Violation> unequal =
        ExposureRules.check(
            correlated(
                assets,
                List.of(
                    new Correlation("A", "C", -0.5),
                    new Correlation("B", "C", 0.6),
                    new Correlation("A", "B", 0.9))));
    assertEquals(
        List.of(
            "correlations[2].correlation",
            "correlations[1].correlation",
            "correlations[0].correlation"),
        unequal.stream().map(Violation::path).toList(),
        unequal.toString());
    assertTrue(unequal.get(0).message().contains("contributes -0.6745 to it"), unequal.toString());
  }

  /**
   * An id of {@value ExposureRules#SHOWN_ID_CHARS} characters is shown whole; a longer one is cut
   * to 21 characters and its length, one character earlier when the 21st is the first half of a
   * surrogate pair (never half an emoji).
   */
  @Test
  void idsInMessagesAreCutAtTheirLimitAndNeverInsideASurrogatePair() {
    String whole = "x".repeat(ExposureRules.SHOWN_ID_CHARS);
    assertEquals('"' + whole + '"', ExposureRules.quoted(whole));
    String emoji = "x".repeat(20) + "\uD83D\uDE00" + "y".repeat(10); // the emoji at 20 and 21
    assertEquals(
        '"' + "x".repeat(20) + "... (" + emoji.length() + " characters)\"",
        ExposureRules.quoted(emoji));
  }
}
