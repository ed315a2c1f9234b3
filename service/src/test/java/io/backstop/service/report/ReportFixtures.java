package io.backstop.service.report;

import io.backstop.proto.v1.Asset;
import io.backstop.proto.v1.AssetClass;
import io.backstop.proto.v1.AssetRoundState;
import io.backstop.proto.v1.CascadeMetrics;
import io.backstop.proto.v1.CollateralRecommendation;
import io.backstop.proto.v1.CoverTerms;
import io.backstop.proto.v1.ExceedancePoint;
import io.backstop.proto.v1.FragilityPoint;
import io.backstop.proto.v1.Haircut;
import io.backstop.proto.v1.MatrixRow;
import io.backstop.proto.v1.PremiumBreakdown;
import io.backstop.proto.v1.ProtocolExposure;
import io.backstop.proto.v1.Provenance;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.RegimeParameters;
import io.backstop.proto.v1.Shock;
import io.backstop.proto.v1.StressRound;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import io.backstop.proto.v1.TailLevel;
import io.backstop.proto.v1.TailLoss;
import java.util.List;

/** Hand-built requests and responses with figures the tests can name. */
final class ReportFixtures {
  static final String HOSTILE_ID = "<script>alert('x')</script>";
  static final int SCENARIOS = 10_000;
  static final List<Double> LOSSES = List.of(1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7);
  static final List<Double> PROBABILITIES =
      List.of(0.05, 0.03, 0.012, 0.006, 0.002, 0.0007, 0.0001, 0.0);

  private ReportFixtures() {}

  static ProtocolExposure exposure(String protocolId, List<String> assetIds) {
    ProtocolExposure.Builder b = ProtocolExposure.newBuilder().setProtocolId(protocolId);
    double price = 100;
    for (String id : assetIds) {
      b.addAssets(
          Asset.newBuilder()
              .setId(id)
              .setAssetClass(AssetClass.ASSET_CLASS_CRYPTO)
              .setPriceUsd(price)
              .setAnnualVolatility(0.7));
      price *= 10;
    }
    return b.build();
  }

  static QuoteCoverRequest quoteRequest(String protocolId, List<String> assetIds) {
    return QuoteCoverRequest.newBuilder()
        .setExposure(exposure(protocolId, assetIds))
        .setCover(
            CoverTerms.newBuilder()
                .setAttachmentUsd(1_000_000)
                .setLimitUsd(9_000_000)
                .setTermDays(30)
                .setCostOfCapital(0.15)
                .setExpenseLoad(0.2))
        .build();
  }

  static TailLoss tail() {
    TailLoss.Builder t =
        TailLoss.newBuilder()
            .setExpectedLossUsd(12_345.67)
            .setStdDevUsd(250_000)
            .setLossProbability(0.08)
            .setExpectedLossStdErrorUsd(2_500)
            .setGrossExpectedLossUsd(20_000)
            .setScenarios(SCENARIOS)
            .addLevels(
                TailLevel.newBuilder()
                    .setConfidence(0.99)
                    .setVarUsd(800_000)
                    .setEsUsd(1_900_000)
                    .setEsStdErrorUsd(120_000));
    for (int i = 0; i < LOSSES.size(); i++) {
      t.addExceedance(
          ExceedancePoint.newBuilder()
              .setLossUsd(LOSSES.get(i))
              .setProbability(PROBABILITIES.get(i)));
    }
    return t.build();
  }

  static CollateralRecommendation collateral(String id) {
    return CollateralRecommendation.newBuilder()
        .setAssetId(id)
        .setAssetClass(AssetClass.ASSET_CLASS_CRYPTO)
        .setMaxLtv(0.80)
        .setLiquidationThreshold(0.85)
        .setLiquidationBonus(0.05)
        .setCollateralRatio(1.25)
        .setLiquidationHorizonHours(0.5)
        .setHaircut(haircut(0.05))
        .setLowVolatility(regime(0.35, 0.8771, haircut(0.02)))
        .setHighVolatility(regime(1.5, 0.4321, haircut(0.30)))
        .build();
  }

  static Haircut haircut(double volatility) {
    return Haircut.newBuilder()
        .setVolatility(volatility)
        .setSlippage(0.004)
        .setOracleLag(0.005)
        .setCascade(volatility / 2)
        .setTotal(volatility * 1.5 + 0.009)
        .build();
  }

  static RegimeParameters regime(double vol, double maxLtv, Haircut h) {
    return RegimeParameters.newBuilder()
        .setAnnualVolatility(vol)
        .setMaxLtv(maxLtv)
        .setLiquidationThreshold(maxLtv + 0.03)
        .setLiquidationBonus(0.05)
        .setCollateralRatio(1 / maxLtv)
        .setHaircut(h)
        .build();
  }

  static List<MatrixRow> matrix(List<String> ids) {
    List<MatrixRow> rows = new java.util.ArrayList<>();
    for (int r = 0; r < ids.size(); r++) {
      MatrixRow.Builder row = MatrixRow.newBuilder().setAssetId(ids.get(r));
      for (int c = 0; c < ids.size(); c++) {
        row.addValues(r == c ? 1.25 + 0.1 * r : 0.1 * (r + c + 1));
      }
      rows.add(row.build());
    }
    return rows;
  }

  static Provenance provenance() {
    return Provenance.newBuilder()
        .setQuoteId("q-0123456789abcdef")
        .setModelVersion("0.1.0")
        .setSeed(20261124)
        .setScenarios(SCENARIOS)
        .setRequestSha256("ab".repeat(32))
        .setElapsedMillis(1234)
        .setHorizonHours(24)
        .setStepMinutes(15)
        .build();
  }

  static QuoteCoverResponse quoteResponse(List<String> ids, boolean runaway) {
    CascadeMetrics.Builder cascade =
        CascadeMetrics.newBuilder()
            .setCascadeIndex(runaway ? 1.4 : 0.6)
            .setRunaway(runaway)
            .setMeanRounds(2.5)
            .setLiquidatedUsdMean(1_500_000)
            .setBreakerTripProbability(0.01)
            .addAllAssetIds(ids)
            .addFragilityCurve(fragility(-0.1, 0.7))
            .addFragilityCurve(fragility(-0.2, 0.95))
            .addFragilityCurve(fragility(-0.3, 1.2))
            .addFragilityCurve(fragility(-0.5, 0.4));
    if (!runaway) {
      cascade.addAllAmplification(matrix(ids));
    }
    QuoteCoverResponse.Builder r =
        QuoteCoverResponse.newBuilder()
            .setPremium(
                PremiumBreakdown.newBuilder()
                    .setPremiumUsd(123_456.78)
                    .setExpectedLossUsd(60_000)
                    .setRiskLoadUsd(38_765.42)
                    .setExpenseLoadUsd(24_691.36)
                    .setRateOnLine(0.013717)
                    .setLayerHitProbability(0.0425)
                    .setPremiumStdErrorUsd(9_876)
                    .setTermEs99Usd(3_000_000)
                    .setHorizonsPerTerm(30))
            .setTailLoss(tail())
            .setCascade(cascade)
            .setProvenance(provenance());
    for (String id : ids) {
      r.addCollateral(collateral(id));
    }
    return r.build();
  }

  static FragilityPoint fragility(double shock, double index) {
    return FragilityPoint.newBuilder().setShockFraction(shock).setCascadeIndex(index).build();
  }

  static StressTestRequest stressRequest(String protocolId, List<String> ids) {
    StressTestRequest.Builder b =
        StressTestRequest.newBuilder().setExposure(exposure(protocolId, ids));
    for (String id : ids) {
      b.addShocks(Shock.newBuilder().setAssetId(id).setShockFraction(-0.3));
    }
    return b.build();
  }

  static StressTestResponse stressResponse(List<String> ids, int rounds, boolean runaway) {
    StressTestResponse.Builder r =
        StressTestResponse.newBuilder()
            .setBadDebtUsd(5_000_000)
            .setBadDebtAfterFundUsd(3_000_000)
            .setLiquidatedUsd(40_000_000)
            .setCascadeIndex(runaway ? 1.3 : 0.7)
            .setRunaway(runaway)
            .addAllAssetIds(ids)
            .setProvenance(provenance());
    if (!runaway) {
      r.addAllAmplification(matrix(ids));
    }
    for (int k = 0; k < rounds; k++) {
      StressRound.Builder round =
          StressRound.newBuilder()
              .setRound(k)
              .setLiquidatedUsd(k == 0 ? 0 : 10_000_000.0 / k)
              .setDealerHedgeUsd(1_000_000.0 * k)
              .setBadDebtUsd(1_000_000.0 * k);
      double price = 100;
      for (String id : ids) {
        round.addAssets(
            AssetRoundState.newBuilder()
                .setAssetId(id)
                .setPriceUsd(price * 0.7 * Math.pow(0.95, k))
                .setLiquidatedUsd(k == 0 ? 0 : 5_000_000.0 / k));
        price *= 10;
      }
      r.addRounds(round);
    }
    return r.build();
  }
}
