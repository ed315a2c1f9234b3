package io.backstop.service.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.BidLevel;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.Shock;
import io.backstop.proto.v1.StressTestRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every bad field of a request comes back at once, under the proto path the client sent, with a
 * sentence saying what is allowed.
 */
class RequestValidationTest {
  private static final PricingApplication APP =
      PricingApplication.standalone(io.backstop.core.sim.Parallelism.sequential());

  static QuoteCoverRequest example(String name) throws Exception {
    var builder = QuoteCoverRequest.newBuilder();
    JsonFormat.parser().merge(Files.readString(Path.of("..", "examples", name)), builder);
    return builder.build();
  }

  static Map<String, String> violations(QuoteCoverRequest request) {
    var e = assertThrows(BackstopException.InvalidRequest.class, () -> APP.validateQuote(request));
    return e.violations().stream()
        .collect(Collectors.toMap(FieldViolation::field, FieldViolation::description));
  }

  static QuoteCoverRequest edit(QuoteCoverRequest r, Consumer<QuoteCoverRequest.Builder> change) {
    var b = r.toBuilder();
    change.accept(b);
    return b.build();
  }

  @Test
  void everyExampleIsValid() throws Exception {
    for (String name : new String[] {"crypto-lending.json", "nft-lending.json", "rwa-vault.json"}) {
      var inputs = APP.validateQuote(example(name));
      assertTrue(inputs.exposure().assets().size() >= 1, name);
    }
  }

  @Test
  void allBadFieldsAreReportedAtOnceUnderTheirProtoPaths() throws Exception {
    var bad =
        edit(
            example("crypto-lending.json"),
            b -> {
              b.getExposureBuilder().getAssetsBuilder(0).setPriceUsd(-1);
              b.getExposureBuilder().getAssetsBuilder(1).setAnnualVolatility(Double.NaN);
              b.getExposureBuilder()
                  .getAssetsBuilder(2)
                  .getLiquidityBuilder()
                  .getLinearDepthBuilder()
                  .setUsdPerPercent(Double.POSITIVE_INFINITY);
              b.getExposureBuilder().getLoanBucketsBuilder(3).setLiquidationThreshold(1.5);
              b.getExposureBuilder().getLoanBucketsBuilder(4).setCollateralAssetId("NOPE");
              b.getCoverBuilder().setExpenseLoad(1.0);
              b.getSettingsBuilder().setStepMinutes(5000);
            });
    Map<String, String> v = violations(bad);
    assertEquals(7, v.size(), v.toString());
    assertTrue(v.get("exposure.assets[0].price_usd").contains("at least 1e-12"));
    assertTrue(v.get("exposure.assets[1].annual_volatility").contains("finite"));
    assertTrue(
        v.get("exposure.assets[2].liquidity.linear_depth.usd_per_percent").contains("finite"));
    assertTrue(v.get("exposure.loan_buckets[3].liquidation_threshold").contains("(0, 1]"));
    assertTrue(v.get("exposure.loan_buckets[4].collateral_asset_id").contains("WETH"));
    assertTrue(v.get("cover.expense_load").contains("[0, 1)"));
    assertTrue(v.get("settings.step_minutes").contains("horizon"));
  }

  @Test
  void theProtocolIdIsBoundedLikeTheAssetIds() throws Exception {
    // Only the reports read it; unbounded, it let a 4 MB message through validation.
    var longest =
        edit(
            example("crypto-lending.json"),
            b -> b.getExposureBuilder().setProtocolId("p".repeat(128)));
    assertEquals("p".repeat(128), APP.validateQuote(longest).exposure().protocolId());
    var tooLong =
        edit(
            example("crypto-lending.json"),
            b -> b.getExposureBuilder().setProtocolId("p".repeat(129)));
    Map<String, String> v = violations(tooLong);
    assertEquals(1, v.size(), v.toString());
    assertTrue(
        v.get("exposure.protocol_id").startsWith("must be at most 128 characters"), v.toString());
  }

  @Test
  void valuesThatPricedToAbsurdFiguresAreRefused() throws Exception {
    // Found by the API audit of 2026-12-01: each was OK with figures that meant nothing.
    var q = example("crypto-lending.json");
    // 7.6e13 jumps a year overflowed the jump count: no jumps, their compensator kept, no risk.
    Map<String, String> jumps =
        violations(
            edit(
                q,
                b ->
                    b.getExposureBuilder()
                        .getAssetsBuilder(0)
                        .getJumpBuilder()
                        .setIntensityPerYear(7.6e13)));
    assertEquals(
        "must be >= 0 and at most 100000 (expected jumps per year: 11 an hour), was 76000000000000",
        jumps.get("exposure.assets[0].jump.intensity_per_year"),
        jumps.toString());
    // 1e308 units of collateral on a pool or a ladder made the collateral figures NaN.
    Map<String, String> units =
        violations(
            edit(
                q,
                b -> b.getExposureBuilder().getLoanBucketsBuilder(0).setCollateralQuantity(1e19)));
    assertTrue(
        units
            .get("exposure.loan_buckets[0].collateral_quantity")
            .startsWith("must be >= 0 and at most 1e18"),
        units.toString());
    // A denormal horizon: its step is longer than it, which is what the client is told (the work
    // estimate of such settings, which saturates, was reported on settings.scenarios instead).
    Map<String, String> horizon =
        violations(edit(q, b -> b.getSettingsBuilder().setHorizonHours(5e-324)));
    assertTrue(horizon.containsKey("settings.step_minutes"), horizon.toString());
    assertTrue(!horizon.containsKey("settings.scenarios"), horizon.toString());
    assertTrue(
        horizon.values().stream().allMatch(m -> m.length() < 300), "short messages: " + horizon);
  }

  @Test
  void aCauseFoundTwiceIsSaidOnceAndNumbersAreWrittenOneWay() throws Exception {
    Map<String, String> v =
        violations(
            edit(
                example("crypto-lending.json"),
                b -> b.getExposureBuilder().getAssetsBuilder(0).setTailDof(-1)));
    String message = v.get("exposure.assets[0].tail_dof");
    assertTrue(message != null && !message.contains(";"), v.toString());
    // The core's cross-field rules write numbers as the field messages do: 1.5, not 1.50000.
    Map<String, String> level =
        violations(
            edit(
                example("crypto-lending.json"),
                b -> b.getSettingsBuilder().setConfidenceLevels(0, 1.5)));
    assertEquals(
        "must be in (0, 1) (0.99 for 99%), was 1.5", level.get("settings.confidence_levels[0]"));
    // A derived figure without its rounding noise: 0.03 hours is 1.8 minutes, not
    // 1.7999999999999998.
    Map<String, String> step =
        violations(
            edit(
                example("crypto-lending.json"), b -> b.getSettingsBuilder().setHorizonHours(0.03)));
    assertTrue(step.get("settings.step_minutes").contains("(1.8 minutes)"), step.toString());
  }

  @Test
  void bidLadderLevelsAreNamedUnderTheOneofField() throws Exception {
    var bad =
        edit(
            example("nft-lending.json"),
            b ->
                b.getExposureBuilder()
                    .getAssetsBuilder(0)
                    .getLiquidityBuilder()
                    .getBidLadderBuilder()
                    .setLevels(2, BidLevel.newBuilder().setPriceUsd(50_000).setQuantity(-3)));
    Map<String, String> v = violations(bad);
    assertTrue(
        v.containsKey("exposure.assets[0].liquidity.bid_ladder.levels[2].price_usd"), v.toString());
    assertTrue(
        v.containsKey("exposure.assets[0].liquidity.bid_ladder.levels[2].quantity"), v.toString());
  }

  @Test
  void unsetEnumsAndMissingMessagesSayWhatIsNeeded() throws Exception {
    var bad =
        edit(
            example("crypto-lending.json"),
            b -> {
              b.getExposureBuilder().getAssetsBuilder(0).setAssetClassValue(0);
              b.getExposureBuilder().getAssetsBuilder(1).getOracleBuilder().setKindValue(99);
              b.clearCover();
            });
    Map<String, String> v = violations(bad);
    assertTrue(v.get("exposure.assets[0].asset_class").contains("CRYPTO"), v.toString());
    assertTrue(v.containsKey("exposure.assets[1].oracle.kind"), v.toString());
    assertTrue(v.get("cover").contains("must be set"), v.toString());
  }

  @Test
  void requestsOverThePublishedLimitsNameTheLimitAndTheValue() throws Exception {
    var bad =
        edit(example("crypto-lending.json"), b -> b.getSettingsBuilder().setScenarios(200_001));
    Map<String, String> v = violations(bad);
    assertTrue(v.get("settings.scenarios").contains("200,001"), v.toString());
    assertTrue(v.get("settings.scenarios").contains("200,000"), v.toString());

    var tooManySteps =
        edit(
            example("crypto-lending.json"),
            b -> b.getSettingsBuilder().setScenarios(100_000).setHorizonHours(720));
    Map<String, String> w = violations(tooManySteps);
    assertTrue(w.get("settings.scenarios").contains("scenario-steps"), w.toString());
  }

  @Test
  void workBeyondThePublishedUnitsIsRefusedBeforeAnythingRuns() throws Exception {
    // 32 hedged assets (each ~260 ns per scenario-step with its option) for 100,000 scenarios x
    // 192 steps, within the scenario-step limit: about 160 s of one core, over the 60 s limit.
    var bad =
        edit(
            example("crypto-lending.json"),
            b -> {
              b.getSettingsBuilder().setScenarios(100_000).setHorizonHours(48);
              var asset = b.getExposure().getAssets(0);
              var option = b.getExposure().getOptions(0);
              for (int i = 0; i < 29; i++) {
                b.getExposureBuilder().addAssets(asset.toBuilder().setId("COPY" + i));
                b.getExposureBuilder().addOptions(option.toBuilder().setAssetId("COPY" + i));
              }
            });
    Map<String, String> v = violations(bad);
    assertTrue(v.get("settings.scenarios").contains("estimated engine work"), v.toString());
    assertTrue(v.get("settings.scenarios").contains("60,000,000,000"), v.toString());
  }

  @Test
  void aBadFieldIsNamedEvenWhenItWouldMakeTheWorkTooLarge() throws Exception {
    // An oracle latency of 380 years (a unit mistake) puts the collateral runs' horizon far beyond
    // the work limit; the caller is told of the latency, not of a work estimate the bad value
    // made (the docs audit: the work limit was checked before the fields).
    var bad =
        edit(
            example("crypto-lending.json"),
            b ->
                b.getExposureBuilder()
                    .getAssetsBuilder(0)
                    .getOracleBuilder()
                    .setLatencySeconds(12_000_000_000.0));
    Map<String, String> v = violations(bad);
    assertEquals(
        java.util.Set.of("exposure.assets[0].oracle.latency_seconds"), v.keySet(), v.toString());
    assertTrue(
        v.get("exposure.assets[0].oracle.latency_seconds").contains("366 days"), v.toString());
    var collateral = AssessCollateralRequest.newBuilder().setExposure(bad.getExposure()).build();
    var e =
        assertThrows(
            BackstopException.InvalidRequest.class, () -> APP.validateCollateral(collateral));
    assertEquals(
        List.of("exposure.assets[0].oracle.latency_seconds"),
        e.violations().stream().map(FieldViolation::field).toList());
  }

  @Test
  void aCollateralHorizonBeyondTheWorkLimitIsRefusedWithItsCause() throws Exception {
    // WETH settles after 366 days, the longest delay accepted: its collateral runs span the
    // 2,880-step cap, three regimes of 10,000 scenarios each, about three minutes of one core.
    var bad =
        edit(
            example("crypto-lending.json"),
            b ->
                b.getExposureBuilder()
                    .getAssetsBuilder(0)
                    .getLiquidityBuilder()
                    .setSettlementDelayHours(8_784));
    String m = violations(bad).get("settings.scenarios");
    assertTrue(m.contains("the collateral assessment"), m);
    assertTrue(m.contains("liquidation horizon"), m);
    // With 2,000 scenarios it fits.
    var fewer = edit(bad, b -> b.getSettingsBuilder().setScenarios(2_000));
    assertEquals(2_000, APP.validateQuote(fewer).settings().scenarios());
  }

  @Test
  void aTermOfTooManyHorizonsIsRefusedBeforeTheSimulationRuns() throws Exception {
    // 366 days of 3-minute horizons: 175,680 horizons, over the pricer's 100,000 (it used to throw
    // after the simulation, an internal error).
    var bad =
        edit(
            example("crypto-lending.json"),
            b -> {
              b.getSettingsBuilder().setHorizonHours(0.05).setStepMinutes(1);
              b.getCoverBuilder().setTermDays(366);
            });
    String m = violations(bad).get("cover.term_days");
    assertTrue(m.contains("175,680 horizons"), m);
  }

  @Test
  void theCallsOwnFieldsSayWhatIsAllowedAsPeopleWriteNumbers() throws Exception {
    var longTerm = edit(example("crypto-lending.json"), b -> b.getCoverBuilder().setTermDays(400));
    assertEquals(
        "is 400 days; the published limit is 366 days (see GetModelInfo)",
        violations(longTerm).get("cover.term_days"));
    var collateral =
        AssessCollateralRequest.newBuilder()
            .setExposure(example("crypto-lending.json").getExposure())
            .setTargetProbability(0.5)
            .build();
    var e =
        assertThrows(
            BackstopException.InvalidRequest.class, () -> APP.validateCollateral(collateral));
    assertEquals(
        List.of(
            new FieldViolation(
                "target_probability",
                "must be in [0.0001, 0.5), or 0 for the default 0.01, was 0.5")),
        e.violations());
    var stress =
        StressTestRequest.newBuilder()
            .setExposure(example("crypto-lending.json").getExposure())
            .setMaxRounds(-1)
            .build();
    var f = assertThrows(BackstopException.InvalidRequest.class, () -> APP.validateStress(stress));
    assertEquals(
        List.of(
            new FieldViolation("max_rounds", "must be in [0, 100] (0: the default 20), was -1")),
        f.violations());
  }

  @Test
  void numbersInMessagesAreWrittenAsPeopleWriteThem() {
    assertEquals("-1", io.backstop.core.model.PlainNumbers.plain(-1.0));
    assertEquals("366", io.backstop.core.model.PlainNumbers.plain(366.0));
    assertEquals("0.0001", io.backstop.core.model.PlainNumbers.plain(1e-4));
    assertEquals("0.25", io.backstop.core.model.PlainNumbers.plain(0.25));
    assertEquals("0", io.backstop.core.model.PlainNumbers.plain(0.0));
    assertEquals("1E-13", io.backstop.core.model.PlainNumbers.plain(1e-13));
    assertEquals("1E+300", io.backstop.core.model.PlainNumbers.plain(1e300));
    assertEquals("NaN", io.backstop.core.model.PlainNumbers.plain(Double.NaN));
    assertEquals("-Infinity", io.backstop.core.model.PlainNumbers.plain(Double.NEGATIVE_INFINITY));
  }

  @Test
  void aLargeLoanBookAtTheDefaultSettingsIsWithinTheWorkLimit() throws Exception {
    // Under the old measure (scenarios x steps x (1 + buckets + options), limit 200M) a book of
    // more than about 200 buckets was refused at the defaults though buckets cost little; the
    // estimate counts them at their measured cost.
    var big =
        edit(
            example("crypto-lending.json"),
            b -> {
              var bucket = b.getExposure().getLoanBuckets(0);
              for (int i = 0; i < 1_988; i++) {
                b.getExposureBuilder().addLoanBuckets(bucket);
              }
            });
    assertEquals(2_000, APP.validateQuote(big).exposure().loanBuckets().size());
  }

  @Test
  void stressShocksAreCheckedAgainstTheExposure() throws Exception {
    var request =
        StressTestRequest.newBuilder()
            .setExposure(example("crypto-lending.json").getExposure())
            .addShocks(Shock.newBuilder().setAssetId("NOPE").setShockFraction(-0.3))
            .addShocks(Shock.newBuilder().setAssetId("WETH").setShockFraction(-1.5))
            .setMaxRounds(1000)
            .build();
    var e = assertThrows(BackstopException.InvalidRequest.class, () -> APP.validateStress(request));
    var fields = e.violations().stream().map(FieldViolation::field).toList();
    assertTrue(fields.contains("max_rounds"), fields.toString());
  }

  @Test
  void oneCauseIsReportedOnce() throws Exception {
    // A missing exposure is not reported again through its parts (exposure.assets).
    Map<String, String> empty = violations(QuoteCoverRequest.getDefaultInstance());
    assertTrue(empty.containsKey("exposure"), empty.toString());
    assertTrue(empty.keySet().stream().noneMatch(f -> f.startsWith("exposure.")), empty.toString());
    // A negative horizon is its own violation, not also a step longer than it.
    Map<String, String> horizon =
        violations(
            edit(example("crypto-lending.json"), b -> b.getSettingsBuilder().setHorizonHours(-3)));
    assertEquals(java.util.Set.of("settings.horizon_hours"), horizon.keySet(), horizon.toString());
    // A stress test without an exposure: its shocks are not also reported as naming unknown ids.
    var stress =
        assertThrows(
            BackstopException.InvalidRequest.class,
            () ->
                APP.validateStress(
                    StressTestRequest.newBuilder()
                        .addShocks(Shock.newBuilder().setAssetId("WETH").setShockFraction(-0.3))
                        .build()));
    var fields = stress.violations().stream().map(FieldViolation::field).toList();
    assertEquals(List.of("exposure"), fields, stress.violations().toString());
  }

  @Test
  void anEnumNumberThisServerDoesNotKnowIsEchoed() throws Exception {
    Map<String, String> v =
        violations(
            edit(
                example("crypto-lending.json"),
                b -> {
                  b.getExposureBuilder().getAssetsBuilder(0).setAssetClassValue(99);
                  b.getExposureBuilder().getAssetsBuilder(1).getOracleBuilder().setKindValue(7);
                  b.getExposureBuilder().getOptionsBuilder(0).setOptionTypeValue(42);
                }));
    assertTrue(v.get("exposure.assets[0].asset_class").endsWith(", was 99"), v.toString());
    assertTrue(v.get("exposure.assets[1].oracle.kind").endsWith(", was 7"), v.toString());
    assertTrue(v.get("exposure.options[0].option_type").endsWith(", was 42"), v.toString());
  }

  @Test
  void enumsAreNamedAsTheProtoAndJsonNameThem() throws Exception {
    Map<String, String> v =
        violations(
            edit(
                example("crypto-lending.json"),
                b -> {
                  b.getExposureBuilder().getAssetsBuilder(0).clearAssetClass();
                  b.getExposureBuilder().getOptionsBuilder(0).clearOptionType();
                }));
    assertTrue(
        v.get("exposure.assets[0].asset_class").contains("ASSET_CLASS_CRYPTO"), v.toString());
    assertTrue(
        v.get("exposure.options[0].option_type").contains("OPTION_TYPE_PUT or OPTION_TYPE_CALL"),
        v.toString());
  }

  /**
   * A description names fields, if at all, as the path does (proto names): the camelCase JSON name
   * of a field whose proto name differs (assetA, sourceAssetId, crossImpacts) must not appear in
   * one, so that a client reads one naming scheme.
   */
  @Test
  void descriptionsNameNoFieldByItsJsonName() throws Exception {
    Map<String, String> v =
        violations(
            edit(
                example("crypto-lending.json"),
                b -> {
                  var e = b.getExposureBuilder();
                  e.getCorrelationsBuilder(0).setAssetB(e.getCorrelations(0).getAssetA());
                  e.addCrossImpacts(e.getCrossImpacts(0));
                  e.addCrossImpactsBuilder()
                      .setSourceAssetId("WBTC")
                      .setTargetAssetId("WBTC")
                      .setImpactElasticity(0.1);
                }));
    assertEquals(
        "must differ from the pair's first asset (\"WETH\"): an asset's correlation with itself is"
            + " always 1",
        v.get("exposure.correlations[0].asset_b"),
        v.toString());
    assertEquals(
        "repeats the source and target of the cross impact at index 0: give each pair once",
        v.get("exposure.cross_impacts[2]"),
        v.toString());
    assertEquals(
        "must differ from the source asset (an asset's own impact is its depth curve)",
        v.get("exposure.cross_impacts[3].target_asset_id"),
        v.toString());
    java.util.Set<String> jsonNames = new java.util.HashSet<>();
    for (var file :
        List.of(
            io.backstop.proto.v1.PricingServiceProto.getDescriptor(),
            io.backstop.proto.v1.ExposureProto.getDescriptor())) {
      for (var type : file.getMessageTypes()) {
        collectJsonNames(type, jsonNames);
      }
    }
    assertTrue(jsonNames.contains("sourceAssetId"), jsonNames.toString());
    for (var entry : v.entrySet()) {
      for (String word : entry.getValue().split("[^A-Za-z]+")) {
        assertTrue(
            !jsonNames.contains(word), entry.getKey() + ": " + entry.getValue() + " names " + word);
      }
    }
  }

  private static void collectJsonNames(
      com.google.protobuf.Descriptors.Descriptor type, java.util.Set<String> out) {
    for (var f : type.getFields()) {
      if (!f.getJsonName().equals(f.getName())) {
        out.add(f.getJsonName());
      }
    }
    type.getNestedTypes().forEach(t -> collectJsonNames(t, out));
  }
}
