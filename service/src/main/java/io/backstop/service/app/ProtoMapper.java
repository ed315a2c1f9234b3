package io.backstop.service.app;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.ConstantProductPool;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Correlation;
import io.backstop.core.model.CrossImpact;
import io.backstop.core.model.DepthCurve;
import io.backstop.core.model.JumpProcess;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.OracleKind;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RateLimit;
import io.backstop.core.model.RunSettings;
import io.backstop.core.model.Shock;
import java.util.ArrayList;
import java.util.List;

/**
 * Proto messages to the core's input records. A pure structural mapping: absent messages become
 * {@code null} (the core's neutral value), unset enums become {@code null} so validation reports
 * them; nothing is checked here.
 */
public final class ProtoMapper {
  private ProtoMapper() {}

  public static ProtocolExposure exposure(io.backstop.proto.v1.ProtocolExposure p) {
    List<Asset> assets = new ArrayList<>(p.getAssetsCount());
    for (var a : p.getAssetsList()) {
      assets.add(asset(a));
    }
    List<Correlation> correlations = new ArrayList<>(p.getCorrelationsCount());
    for (var c : p.getCorrelationsList()) {
      correlations.add(new Correlation(c.getAssetA(), c.getAssetB(), c.getCorrelation()));
    }
    List<CrossImpact> crossImpacts = new ArrayList<>(p.getCrossImpactsCount());
    for (var c : p.getCrossImpactsList()) {
      crossImpacts.add(
          new CrossImpact(c.getSourceAssetId(), c.getTargetAssetId(), c.getImpactElasticity()));
    }
    List<LoanBucket> buckets = new ArrayList<>(p.getLoanBucketsCount());
    for (var b : p.getLoanBucketsList()) {
      buckets.add(
          new LoanBucket(
              b.getCollateralAssetId(),
              b.getCollateralQuantity(),
              b.getDebtUsd(),
              b.getLiquidationThreshold(),
              b.getLiquidationBonus(),
              b.getCloseFactor(),
              b.getCount()));
    }
    List<OptionPosition> options = new ArrayList<>(p.getOptionsCount());
    for (var o : p.getOptionsList()) {
      options.add(
          new OptionPosition(
              o.getAssetId(),
              optionType(o.getOptionType()),
              o.getStrikeUsd(),
              o.getExpiryDays(),
              o.getImpliedVolatility(),
              o.getOpenInterest(),
              o.getDealerSign()));
    }
    return new ProtocolExposure(
        p.getProtocolId(),
        assets,
        correlations,
        crossImpacts,
        buckets,
        options,
        p.hasControls() ? controls(p.getControls()) : Controls.NONE);
  }

  static Asset asset(io.backstop.proto.v1.Asset a) {
    return new Asset(
        a.getId(),
        assetClass(a.getAssetClass()),
        a.getPriceUsd(),
        a.getAnnualVolatility(),
        a.getTailDof(),
        a.hasJump()
            ? new JumpProcess(
                a.getJump().getIntensityPerYear(),
                a.getJump().getMeanLogJump(),
                a.getJump().getStdLogJump())
            : null,
        a.hasLiquidity() ? liquidity(a.getLiquidity()) : null,
        a.hasOracle() ? oracle(a.getOracle()) : null);
  }

  static Liquidity liquidity(io.backstop.proto.v1.Liquidity l) {
    DepthCurve curve =
        switch (l.getCurveCase()) {
          case LINEAR_DEPTH -> new LinearDepth(l.getLinearDepth().getUsdPerPercent());
          case CONSTANT_PRODUCT ->
              new ConstantProductPool(
                  l.getConstantProduct().getBaseReserve(),
                  l.getConstantProduct().getQuoteReserveUsd());
          case BID_LADDER -> {
            List<BidLevel> levels = new ArrayList<>(l.getBidLadder().getLevelsCount());
            for (var level : l.getBidLadder().getLevelsList()) {
              levels.add(new BidLevel(level.getPriceUsd(), level.getQuantity()));
            }
            yield new BidLadder(levels);
          }
          case CURVE_NOT_SET -> null;
        };
    return new Liquidity(
        curve,
        l.getHalfLifeMinutes(),
        l.getPermanentFraction(),
        l.getExitCapacityUsdPerHour(),
        l.getSettlementDelayHours());
  }

  static Oracle oracle(io.backstop.proto.v1.Oracle o) {
    OracleKind kind =
        switch (o.getKind()) {
          case ORACLE_KIND_SPOT -> OracleKind.SPOT;
          case ORACLE_KIND_TWAP -> OracleKind.TWAP;
          case ORACLE_KIND_PUSH -> OracleKind.PUSH;
          case ORACLE_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    return new Oracle(
        kind,
        o.getLatencySeconds(),
        o.getTwapWindowMinutes(),
        o.getDeviationThresholdFraction(),
        o.getHeartbeatSeconds());
  }

  static Controls controls(io.backstop.proto.v1.Controls c) {
    return new Controls(
        c.hasCircuitBreaker()
            ? new CircuitBreaker(
                c.getCircuitBreaker().getDropFraction(),
                c.getCircuitBreaker().getWindowMinutes(),
                c.getCircuitBreaker().getPauseMinutes())
            : null,
        c.hasRateLimit() ? new RateLimit(c.getRateLimit().getMaxLiquidationUsdPerStep()) : null,
        c.getLiquidatorCapacityUsdPerStep(),
        c.getInsuranceFundUsd(),
        c.getLiquidationsPaused());
  }

  static AssetClass assetClass(io.backstop.proto.v1.AssetClass c) {
    return switch (c) {
      case ASSET_CLASS_CRYPTO -> AssetClass.CRYPTO;
      case ASSET_CLASS_STABLECOIN -> AssetClass.STABLECOIN;
      case ASSET_CLASS_NFT -> AssetClass.NFT;
      case ASSET_CLASS_RWA -> AssetClass.RWA;
      case ASSET_CLASS_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }

  /** The proto enum of a core asset class. */
  public static io.backstop.proto.v1.AssetClass assetClass(AssetClass c) {
    return switch (c) {
      case CRYPTO -> io.backstop.proto.v1.AssetClass.ASSET_CLASS_CRYPTO;
      case STABLECOIN -> io.backstop.proto.v1.AssetClass.ASSET_CLASS_STABLECOIN;
      case NFT -> io.backstop.proto.v1.AssetClass.ASSET_CLASS_NFT;
      case RWA -> io.backstop.proto.v1.AssetClass.ASSET_CLASS_RWA;
    };
  }

  static OptionType optionType(io.backstop.proto.v1.OptionType t) {
    return switch (t) {
      case OPTION_TYPE_PUT -> OptionType.PUT;
      case OPTION_TYPE_CALL -> OptionType.CALL;
      case OPTION_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }

  /** Run settings as sent, defaults not yet applied. */
  public static RunSettings settings(io.backstop.proto.v1.RunSettings s) {
    return new RunSettings(
        s.getScenarios(),
        s.getSeed(),
        s.getHorizonHours(),
        s.getStepMinutes(),
        new ArrayList<>(s.getConfidenceLevelsList()));
  }

  public static List<Shock> shocks(List<io.backstop.proto.v1.Shock> shocks) {
    List<Shock> out = new ArrayList<>(shocks.size());
    for (var s : shocks) {
      out.add(new Shock(s.getAssetId(), s.getShockFraction()));
    }
    return out;
  }
}
