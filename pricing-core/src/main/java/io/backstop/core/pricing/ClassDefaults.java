package io.backstop.core.pricing;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.JumpProcess;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.OracleKind;
import io.backstop.core.model.ProtocolExposure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Documented defaults of one asset class (proto {@code backstop.v1.AssetClassDefaults}, shown by
 * {@code GetModelInfo}; MODEL.md section 7), plus the liquidation-side parameters the {@link
 * CollateralAssessor} always uses for the class. Values are rounded public figures; the sources are
 * in {@code docs/model.md} (collateral section).
 *
 * <h2>When the market defaults apply: opt-in</h2>
 *
 * MODEL.md section 2 makes an absent block neutral (no jumps, unlimited depth, oracle = market) so
 * that the closed forms of section 8 are reachable through the public API. The class defaults
 * therefore never apply silently: {@link #withClassDefaults(ProtocolExposure)} is a pure function
 * the service calls only when the request opts in (proto field {@code
 * ProtocolExposure.apply_class_defaults}). Under opt-in, for each asset: a null {@code jump},
 * {@code liquidity} or {@code oracle} block takes the class's block; {@code annualVolatility} 0 and
 * {@code tailDof} 0 (proto3 cannot tell "left out" from 0) take the class's values. Blocks that are
 * present are kept as they are, field by field: a present block is the caller's statement.
 *
 * <p>The NFT liquidity is a bid ladder relative to the price: in {@link #liquidity()} each level's
 * {@code priceUsd} is a fraction of the asset's price (as for an asset priced at 1 USD); {@link
 * #liquidityAt(double)} scales it to a price. The other curves are absolute (USD per 1%).
 *
 * @param assetClass the class
 * @param description what the defaults represent
 * @param annualVolatility typical annual volatility, fraction
 * @param tailDof typical Student-t degrees of freedom (0: Gaussian)
 * @param jump typical jumps
 * @param liquidity typical liquidity and resilience (a ladder's prices as fractions of the price)
 * @param oracle typical oracle
 * @param auctionHours time a liquidation auction takes before the sale (added to the time to sell)
 * @param liquidatorCostFraction liquidator's gas, fees and operational cost, fraction of the sale
 * @param minimumBonus the smallest bonus recommended for the class, fraction of repaid debt
 */
public record ClassDefaults(
    AssetClass assetClass,
    String description,
    double annualVolatility,
    double tailDof,
    JumpProcess jump,
    Liquidity liquidity,
    Oracle oracle,
    double auctionHours,
    double liquidatorCostFraction,
    double minimumBonus) {

  private static final Map<AssetClass, ClassDefaults> CATALOGUE = catalogue();

  /** The defaults of a class. */
  public static ClassDefaults of(AssetClass assetClass) {
    ClassDefaults d = CATALOGUE.get(assetClass);
    if (d == null) {
      throw new IllegalArgumentException("no defaults for asset class " + assetClass);
    }
    return d;
  }

  /** The defaults of every class, in {@link AssetClass} order. */
  public static List<ClassDefaults> all() {
    return List.copyOf(CATALOGUE.values());
  }

  /**
   * The class's liquidity for an asset priced at {@code priceUsd}: a ladder's levels scaled to it.
   */
  public Liquidity liquidityAt(double priceUsd) {
    if (!(liquidity.curve() instanceof BidLadder ladder)) {
      return liquidity;
    }
    List<BidLevel> levels = new ArrayList<>();
    for (BidLevel level : ladder.levels()) {
      levels.add(new BidLevel(level.priceUsd() * priceUsd, level.quantity()));
    }
    return new Liquidity(
        new BidLadder(levels),
        liquidity.halfLifeMinutes(),
        liquidity.permanentFraction(),
        liquidity.exitCapacityUsdPerHour(),
        liquidity.settlementDelayHours());
  }

  /** The asset with the blocks it leaves out filled from its class (see the class docs). */
  public Asset fill(Asset a) {
    return new Asset(
        a.id(),
        a.assetClass(),
        a.priceUsd(),
        a.annualVolatility() == 0 ? annualVolatility : a.annualVolatility(),
        a.tailDof() == 0 ? tailDof : a.tailDof(),
        a.jump() == null ? jump : a.jump(),
        a.liquidity() == null ? liquidityAt(a.priceUsd()) : a.liquidity(),
        a.oracle() == null ? oracle : a.oracle());
  }

  /**
   * The exposure with every asset's left-out blocks filled from its class's defaults; everything
   * else unchanged. Pure: call it only when the request opts in (see the class docs).
   */
  public static ProtocolExposure withClassDefaults(ProtocolExposure exposure) {
    List<Asset> assets = new ArrayList<>();
    for (Asset a : exposure.assets()) {
      assets.add(a.assetClass() == null ? a : of(a.assetClass()).fill(a));
    }
    return exposure.withAssets(assets);
  }

  private static Map<AssetClass, ClassDefaults> catalogue() {
    Map<AssetClass, ClassDefaults> m = new EnumMap<>(AssetClass.class);
    m.put(
        AssetClass.CRYPTO,
        new ClassDefaults(
            AssetClass.CRYPTO,
            "Large-cap crypto (ETH-like): deep but correlated order books and AMMs. Volatility 80%,"
                + " Student-t nu = 4, 3 jumps a year of about -10%; depth $10M per 1% recovering with"
                + " a 30-minute half-life (30% permanent); Chainlink-style push oracle (0.5%"
                + " deviation, 1 h heartbeat, 12 s latency). Liquidator cost 1%, minimum bonus 3%.",
            0.80,
            4,
            new JumpProcess(3, -0.10, 0.05),
            new Liquidity(new LinearDepth(10_000_000), 30, 0.3, 0, 0),
            new Oracle(OracleKind.PUSH, 12, 0, 0.005, 3600),
            0,
            0.01,
            0.03));
    m.put(
        AssetClass.STABLECOIN,
        new ClassDefaults(
            AssetClass.STABLECOIN,
            "Fiat-backed stablecoin: near-zero volatility (2%), heavy tails (nu = 3) and de-peg"
                + " jumps (0.3 a year, about -8%, as USDC in March 2023); depth $20M per 1% (Curve"
                + " and centralised books), 60-minute half-life; push oracle (0.25% deviation, 24 h"
                + " heartbeat, 12 s latency). Liquidator cost 0.5%, minimum bonus 1%.",
            0.02,
            3,
            new JumpProcess(0.3, -0.08, 0.05),
            new Liquidity(new LinearDepth(20_000_000), 60, 0.2, 0, 0),
            new Oracle(OracleKind.PUSH, 12, 0, 0.0025, 86400),
            0,
            0.005,
            0.01));
    m.put(
        AssetClass.NFT,
        new ClassDefaults(
            AssetClass.NFT,
            "Blue-chip NFT collection valued at its floor: volatility 90%, nu = 3, floor-collapse"
                + " jumps (2 a year, about -26%); a thin stepped bid ladder from 95% to 60% of the"
                + " floor (2 to 20 NFTs a level; prices are fractions of the floor), 12 h half-life,"
                + " 50% permanent; exit capacity $50k per hour; TWAP floor oracle over 6 h with 10"
                + " min latency; 4 h liquidation auction. Liquidator cost 2.5%, minimum bonus 5%.",
            0.90,
            3,
            new JumpProcess(2, -0.30, 0.15),
            new Liquidity(
                new BidLadder(
                    List.of(
                        new BidLevel(0.95, 2),
                        new BidLevel(0.90, 4),
                        new BidLevel(0.85, 6),
                        new BidLevel(0.80, 8),
                        new BidLevel(0.70, 12),
                        new BidLevel(0.60, 20))),
                720,
                0.5,
                50_000,
                0),
            new Oracle(OracleKind.TWAP, 600, 360, 0, 0),
            4,
            0.025,
            0.05));
    m.put(
        AssetClass.RWA,
        new ClassDefaults(
            AssetClass.RWA,
            "Tokenized short-dated T-bill fund: volatility 3%, Gaussian, default or redemption-gate"
                + " jumps (2% a year, about -18%); thin secondary depth $250k per 1%, 24 h half-life,"
                + " 50% permanent; redemption queue $1M per hour with T+1 (24 h) settlement; daily"
                + " NAV push oracle (24 h latency, 1% deviation). Liquidator cost 0.5%, minimum"
                + " bonus 1%.",
            0.03,
            0,
            new JumpProcess(0.02, -0.20, 0.10),
            new Liquidity(new LinearDepth(250_000), 1440, 0.5, 1_000_000, 24),
            new Oracle(OracleKind.PUSH, 86400, 0, 0.01, 86400),
            0,
            0.005,
            0.01));
    return m;
  }
}
