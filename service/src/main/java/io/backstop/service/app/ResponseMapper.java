package io.backstop.service.app;

import io.backstop.core.StressResult;
import io.backstop.core.pricing.ClassDefaults;
import io.backstop.core.pricing.CollateralRecommendation;
import io.backstop.core.pricing.Haircut;
import io.backstop.core.pricing.PremiumQuote;
import io.backstop.core.pricing.RegimeParameters;
import io.backstop.core.risk.CascadeReport;
import io.backstop.core.risk.TailLossResult;
import io.backstop.core.sim.SimulationResult;
import io.backstop.proto.v1.AssetClassDefaults;
import io.backstop.proto.v1.AssetRoundState;
import io.backstop.proto.v1.BidLadder;
import io.backstop.proto.v1.BidLevel;
import io.backstop.proto.v1.CascadeMetrics;
import io.backstop.proto.v1.ConstantProductPool;
import io.backstop.proto.v1.ExceedancePoint;
import io.backstop.proto.v1.FragilityPoint;
import io.backstop.proto.v1.GammaExposure;
import io.backstop.proto.v1.GexPoint;
import io.backstop.proto.v1.JumpProcess;
import io.backstop.proto.v1.LinearDepth;
import io.backstop.proto.v1.LiquidationLevel;
import io.backstop.proto.v1.LiquidationProfile;
import io.backstop.proto.v1.Liquidity;
import io.backstop.proto.v1.MatrixRow;
import io.backstop.proto.v1.Oracle;
import io.backstop.proto.v1.OracleKind;
import io.backstop.proto.v1.PremiumBreakdown;
import io.backstop.proto.v1.StressRound;
import io.backstop.proto.v1.StressTestResponse;
import io.backstop.proto.v1.TailLevel;
import io.backstop.proto.v1.TailLoss;
import java.util.List;

/** The core's result records as proto messages: a structural mapping, nothing computed. */
public final class ResponseMapper {
  private ResponseMapper() {}

  static PremiumBreakdown premium(PremiumQuote q) {
    return PremiumBreakdown.newBuilder()
        .setPremiumUsd(q.premiumUsd())
        .setExpectedLossUsd(q.expectedLossUsd())
        .setRiskLoadUsd(q.riskLoadUsd())
        .setExpenseLoadUsd(q.expenseLoadUsd())
        .setRateOnLine(q.rateOnLine())
        .setLayerHitProbability(q.layerHitProbability())
        .setPremiumStdErrorUsd(q.premiumStdErrorUsd())
        .setTermEs99Usd(q.termEs99Usd())
        .setHorizonsPerTerm(q.horizonsPerTerm())
        .build();
  }

  static TailLoss tailLoss(TailLossResult t) {
    TailLoss.Builder b =
        TailLoss.newBuilder()
            .setExpectedLossUsd(t.expectedLossUsd())
            .setStdDevUsd(t.stdDevUsd())
            .setLossProbability(t.lossProbability())
            .setExpectedLossStdErrorUsd(t.expectedLossStdErrorUsd())
            .setGrossExpectedLossUsd(t.grossExpectedLossUsd())
            .setScenarios(t.scenarios());
    for (var level : t.levels()) {
      b.addLevels(
          TailLevel.newBuilder()
              .setConfidence(level.confidence())
              .setVarUsd(level.varUsd())
              .setEsUsd(level.esUsd())
              .setEsStdErrorUsd(level.esStdErrorUsd()));
    }
    for (var p : t.exceedance()) {
      b.addExceedance(
          ExceedancePoint.newBuilder().setLossUsd(p.lossUsd()).setProbability(p.probability()));
    }
    return b.build();
  }

  static CascadeMetrics cascade(CascadeReport report, SimulationResult sim) {
    CascadeMetrics.Builder b =
        CascadeMetrics.newBuilder()
            .setCascadeIndex(report.cascadeIndex())
            .setRunaway(report.runaway())
            .addAllAssetIds(report.assetIds())
            .addAllAmplification(matrix(report.assetIds(), report.amplification()))
            .setMeanRounds(sim.summary().meanRounds())
            .setLiquidatedUsdMean(sim.summary().liquidatedUsdMean())
            .setBreakerTripProbability(sim.summary().breakerTripProbability());
    for (var f : report.fragilityCurve()) {
      b.addFragilityCurve(
          FragilityPoint.newBuilder()
              .setShockFraction(f.shockFraction())
              .setCascadeIndex(f.cascadeIndex()));
    }
    for (var g : report.gammaExposure()) {
      GammaExposure.Builder gb =
          GammaExposure.newBuilder()
              .setAssetId(g.assetId())
              .setGexUsdPerPercent(g.gexUsdPerPercent());
      g.flipPriceUsd().ifPresent(gb::setFlipPriceUsd);
      for (var p : g.profile()) {
        gb.addProfile(
            GexPoint.newBuilder().setPriceUsd(p.priceUsd()).setGexUsdPerPercent(p.valueUsd()));
      }
      b.addGammaExposure(gb);
    }
    for (var l : report.liquidationProfiles()) {
      LiquidationProfile.Builder lb = LiquidationProfile.newBuilder().setAssetId(l.assetId());
      for (var p : l.levels()) {
        lb.addLevels(
            LiquidationLevel.newBuilder()
                .setPriceUsd(p.priceUsd())
                .setLiquidatableUsd(p.valueUsd()));
      }
      b.addLiquidationProfile(lb);
    }
    return b.build();
  }

  static StressTestResponse.Builder stress(StressResult result) {
    var path = result.path();
    var index = result.indexAtShock();
    StressTestResponse.Builder b =
        StressTestResponse.newBuilder()
            .setBadDebtUsd(path.badDebtUsd())
            .setBadDebtAfterFundUsd(path.badDebtAfterFundUsd())
            .setLiquidatedUsd(path.liquidatedUsd())
            .setCascadeIndex(index.spectralRadius())
            .setRunaway(index.runaway())
            .addAllAssetIds(path.assetIds())
            .addAllAmplification(matrix(path.assetIds(), index.amplification()));
    for (var round : path.rounds()) {
      StressRound.Builder rb =
          StressRound.newBuilder()
              .setRound(round.round())
              .setLiquidatedUsd(round.liquidatedUsd())
              .setDealerHedgeUsd(round.dealerHedgeUsd())
              .setBadDebtUsd(round.badDebtUsd());
      for (var a : round.assets()) {
        rb.addAssets(
            AssetRoundState.newBuilder()
                .setAssetId(a.assetId())
                .setPriceUsd(a.priceUsd())
                .setLiquidatedUsd(a.liquidatedUsd())
                .setDealerHedgeUsd(a.dealerHedgeUsd()));
      }
      b.addRounds(rb);
    }
    return b;
  }

  static List<io.backstop.proto.v1.CollateralRecommendation> collateral(
      List<CollateralRecommendation> list) {
    List<io.backstop.proto.v1.CollateralRecommendation> out = new java.util.ArrayList<>();
    for (CollateralRecommendation c : list) {
      out.add(
          io.backstop.proto.v1.CollateralRecommendation.newBuilder()
              .setAssetId(c.assetId())
              .setAssetClass(ProtoMapper.assetClass(c.assetClass()))
              .setMaxLtv(c.maxLtv())
              .setLiquidationThreshold(c.liquidationThreshold())
              .setLiquidationBonus(c.liquidationBonus())
              .setCollateralRatio(c.collateralRatio())
              .setLiquidationHorizonHours(c.liquidationHorizonHours())
              .setHaircut(haircut(c.haircut()))
              .setHighVolatility(regime(c.highVolatility()))
              .setLowVolatility(regime(c.lowVolatility()))
              .build());
    }
    return out;
  }

  private static io.backstop.proto.v1.Haircut haircut(Haircut h) {
    return io.backstop.proto.v1.Haircut.newBuilder()
        .setVolatility(h.volatility())
        .setSlippage(h.slippage())
        .setOracleLag(h.oracleLag())
        .setCascade(h.cascade())
        .setTotal(h.total())
        .build();
  }

  private static io.backstop.proto.v1.RegimeParameters regime(RegimeParameters r) {
    return io.backstop.proto.v1.RegimeParameters.newBuilder()
        .setAnnualVolatility(r.annualVolatility())
        .setMaxLtv(r.maxLtv())
        .setLiquidationThreshold(r.liquidationThreshold())
        .setLiquidationBonus(r.liquidationBonus())
        .setCollateralRatio(r.collateralRatio())
        .setHaircut(haircut(r.haircut()))
        .build();
  }

  /**
   * The per-class defaults as GetModelInfo publishes them. A bid ladder's prices are given per 1
   * USD of the asset's price (fractions of the price): it is scaled to each asset's price.
   */
  static List<AssetClassDefaults> classDefaults(List<ClassDefaults> all) {
    List<AssetClassDefaults> out = new java.util.ArrayList<>();
    for (ClassDefaults d : all) {
      AssetClassDefaults.Builder b =
          AssetClassDefaults.newBuilder()
              .setAssetClass(ProtoMapper.assetClass(d.assetClass()))
              .setDescription(d.description())
              .setAnnualVolatility(d.annualVolatility())
              .setTailDof(d.tailDof());
      if (d.jump() != null) {
        b.setJump(
            JumpProcess.newBuilder()
                .setIntensityPerYear(d.jump().intensityPerYear())
                .setMeanLogJump(d.jump().meanLogJump())
                .setStdLogJump(d.jump().stdLogJump()));
      }
      if (d.liquidity() != null) {
        b.setLiquidity(liquidity(d.liquidityAt(1.0)));
      }
      if (d.oracle() != null) {
        b.setOracle(
            Oracle.newBuilder()
                .setKind(
                    switch (d.oracle().kind()) {
                      case SPOT -> OracleKind.ORACLE_KIND_SPOT;
                      case TWAP -> OracleKind.ORACLE_KIND_TWAP;
                      case PUSH -> OracleKind.ORACLE_KIND_PUSH;
                    })
                .setLatencySeconds(d.oracle().latencySeconds())
                .setTwapWindowMinutes(d.oracle().twapWindowMinutes())
                .setDeviationThresholdFraction(d.oracle().deviationThresholdFraction())
                .setHeartbeatSeconds(d.oracle().heartbeatSeconds()));
      }
      out.add(b.build());
    }
    return out;
  }

  private static Liquidity liquidity(io.backstop.core.model.Liquidity l) {
    Liquidity.Builder b =
        Liquidity.newBuilder()
            .setHalfLifeMinutes(l.halfLifeMinutes())
            .setPermanentFraction(l.permanentFraction())
            .setExitCapacityUsdPerHour(l.exitCapacityUsdPerHour())
            .setSettlementDelayHours(l.settlementDelayHours());
    if (l.curve() instanceof io.backstop.core.model.LinearDepth d) {
      b.setLinearDepth(LinearDepth.newBuilder().setUsdPerPercent(d.usdPerPercent()));
    } else if (l.curve() instanceof io.backstop.core.model.ConstantProductPool pool) {
      b.setConstantProduct(
          ConstantProductPool.newBuilder()
              .setBaseReserve(pool.baseReserve())
              .setQuoteReserveUsd(pool.quoteReserveUsd()));
    } else if (l.curve() instanceof io.backstop.core.model.BidLadder ladder) {
      BidLadder.Builder lb = BidLadder.newBuilder();
      for (var level : ladder.levels()) {
        lb.addLevels(
            BidLevel.newBuilder().setPriceUsd(level.priceUsd()).setQuantity(level.quantity()));
      }
      b.setBidLadder(lb);
    }
    return b.build();
  }

  /** Rows of a square matrix labelled by asset; empty when there is none (runaway). */
  static List<MatrixRow> matrix(List<String> ids, double[][] m) {
    if (m == null) {
      return List.of();
    }
    List<MatrixRow> rows = new java.util.ArrayList<>(m.length);
    for (int k = 0; k < m.length; k++) {
      MatrixRow.Builder row = MatrixRow.newBuilder().setAssetId(ids.get(k));
      for (double v : m[k]) {
        row.addValues(v);
      }
      rows.add(row.build());
    }
    return rows;
  }
}
