package io.backstop.core;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Correlation;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.OracleKind;
import io.backstop.core.model.ProtocolExposure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Small exposures shared by the tests. */
public final class Fixtures {
  private Fixtures() {}

  /** An asset with no jumps, no liquidity block (unlimited depth) and no oracle. */
  public static Asset plainAsset(String id, double price, double vol) {
    return new Asset(id, AssetClass.CRYPTO, price, vol, 0, null, null, null);
  }

  /** The exposure with each asset changed by {@code change}. */
  public static ProtocolExposure withAssets(ProtocolExposure e, UnaryOperator<Asset> change) {
    return new ProtocolExposure(
        e.protocolId(),
        e.assets().stream().map(change).toList(),
        e.correlations(),
        e.crossImpacts(),
        e.loanBuckets(),
        e.options(),
        e.controls());
  }

  /** The exposure with each loan bucket changed by {@code change}. */
  public static ProtocolExposure withBuckets(ProtocolExposure e, UnaryOperator<LoanBucket> change) {
    return new ProtocolExposure(
        e.protocolId(),
        e.assets(),
        e.correlations(),
        e.crossImpacts(),
        e.loanBuckets().stream().map(change).toList(),
        e.options(),
        e.controls());
  }

  /** The exposure with the option book {@code options} in place of its own. */
  public static ProtocolExposure withOptions(ProtocolExposure e, List<OptionPosition> options) {
    return new ProtocolExposure(
        e.protocolId(),
        e.assets(),
        e.correlations(),
        e.crossImpacts(),
        e.loanBuckets(),
        options,
        e.controls());
  }

  /** Bucket b with its debt times {@code factor}. */
  public static LoanBucket moreDebt(LoanBucket b, double factor) {
    return new LoanBucket(
        b.collateralAssetId(),
        b.collateralQuantity(),
        b.debtUsd() * factor,
        b.liquidationThreshold(),
        b.liquidationBonus(),
        b.closeFactor(),
        b.count());
  }

  /**
   * Bucket b levered as a looping borrower does it: the same equity, a {@code fraction} more
   * collateral bought at {@code price} with borrowed USD, so collateral and debt both grow and the
   * health factor falls.
   */
  public static LoanBucket levered(LoanBucket b, double fraction, double price) {
    return new LoanBucket(
        b.collateralAssetId(),
        b.collateralQuantity() * (1 + fraction),
        b.debtUsd() + fraction * b.collateralQuantity() * price,
        b.liquidationThreshold(),
        b.liquidationBonus(),
        b.closeFactor(),
        b.count());
  }

  /** A loan bucket with LT, no bonus, full close factor. */
  public static LoanBucket loan(String asset, double qty, double debt, double lt, double bonus) {
    return new LoanBucket(asset, qty, debt, lt, bonus, 1, 1);
  }

  /**
   * A crypto-lending-like book: ETH, WBTC (correlated 0.8) and an LST with cross-impact on ETH;
   * eight buckets at health factors from 1.05 to 1.6; dealers short puts on ETH.
   */
  public static ProtocolExposure lendingBook() {
    Asset eth =
        new Asset(
            "ETH",
            AssetClass.CRYPTO,
            3000,
            0.8,
            4,
            new io.backstop.core.model.JumpProcess(2, -0.15, 0.1),
            new Liquidity(new LinearDepth(2_000_000), 30, 0.2, 0, 0),
            new Oracle(OracleKind.PUSH, 30, 0, 0.005, 3600));
    Asset btc =
        new Asset(
            "WBTC",
            AssetClass.CRYPTO,
            60000,
            0.6,
            4,
            null,
            new Liquidity(new LinearDepth(3_000_000), 30, 0.2, 0, 0),
            new Oracle(OracleKind.SPOT, 0, 0, 0, 0));
    Asset lst =
        new Asset(
            "stETH",
            AssetClass.CRYPTO,
            2990,
            0.82,
            4,
            null,
            new Liquidity(
                new io.backstop.core.model.ConstantProductPool(20_000, 60_000_000), 60, 0.1, 0, 0),
            new Oracle(OracleKind.TWAP, 0, 30, 0, 0));
    List<LoanBucket> buckets = new ArrayList<>();
    double[] health = {1.05, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.15};
    String[] collateral = {"ETH", "ETH", "ETH", "WBTC", "WBTC", "stETH", "stETH", "ETH"};
    double[] price = {3000, 3000, 3000, 60000, 60000, 2990, 2990, 3000};
    for (int i = 0; i < health.length; i++) {
      double qty = 20_000_000.0 / price[i];
      double debt = qty * price[i] * 0.825 / health[i];
      buckets.add(new LoanBucket(collateral[i], qty, debt, 0.825, 0.05, 0.5, 100));
    }
    List<OptionPosition> options =
        List.of(
            new OptionPosition("ETH", OptionType.PUT, 2700, 7, 0.75, 20_000, -1),
            new OptionPosition("ETH", OptionType.PUT, 2400, 30, 0.8, 30_000, -1),
            new OptionPosition("ETH", OptionType.CALL, 3500, 30, 0.7, 10_000, 1));
    return new ProtocolExposure(
        "test-lending",
        List.of(eth, btc, lst),
        List.of(
            new Correlation("ETH", "WBTC", 0.8),
            new Correlation("ETH", "stETH", 0.95),
            new Correlation("WBTC", "stETH", 0.78)),
        List.of(new io.backstop.core.model.CrossImpact("stETH", "ETH", 0.3)),
        buckets,
        options,
        new Controls(null, null, 0, 1_000_000, false));
  }
}
