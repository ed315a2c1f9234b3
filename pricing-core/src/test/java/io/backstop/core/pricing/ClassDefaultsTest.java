package io.backstop.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.Controls;
import io.backstop.core.model.ExposureRules;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.ProtocolExposure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-class defaults: complete, valid, applied only to left-out blocks. */
class ClassDefaultsTest {

  @Test
  void everyClassHasDocumentedDefaults() {
    assertEquals(AssetClass.values().length, ClassDefaults.all().size());
    for (AssetClass c : AssetClass.values()) {
      ClassDefaults d = ClassDefaults.of(c);
      assertEquals(c, d.assetClass());
      assertTrue(d.description().length() > 40, c + " needs a description");
      assertNotNull(d.jump());
      assertNotNull(d.liquidity());
      assertNotNull(d.oracle());
      assertTrue(d.minimumBonus() > 0 && d.liquidatorCostFraction() > 0, c.toString());
    }
    assertTrue(ClassDefaults.of(AssetClass.NFT).liquidity().curve() instanceof BidLadder);
    assertTrue(ClassDefaults.of(AssetClass.RWA).liquidity().settlementDelayHours() > 0);
  }

  @Test
  void filledExposurePassesTheCrossFieldRules() {
    List<Asset> bare = new ArrayList<>();
    List<LoanBucket> loans = new ArrayList<>();
    for (AssetClass c : AssetClass.values()) {
      bare.add(new Asset(c.name(), c, 250, 0, 0, null, null, null));
      loans.add(new LoanBucket(c.name(), 10, 1000, 0.8, 0.05, 1, 1));
    }
    ProtocolExposure filled =
        ClassDefaults.withClassDefaults(
            new ProtocolExposure("t", bare, null, null, loans, null, Controls.NONE));
    assertEquals(List.of(), ExposureRules.check(filled));
    Asset nft = filled.assets().get(AssetClass.NFT.ordinal());
    BidLadder ladder = (BidLadder) nft.liquidity().curve();
    assertEquals(0.95 * 250, ladder.levels().get(0).priceUsd(), 1e-12, "ladder scaled to price");
    assertEquals(ClassDefaults.of(AssetClass.NFT).annualVolatility(), nft.annualVolatility());
  }

  @Test
  void presentBlocksAreKept() {
    Liquidity own = new Liquidity(new LinearDepth(1), 0, 0, 0, 0);
    Asset a = new Asset("X", AssetClass.CRYPTO, 10, 0.3, 5, null, own, null);
    Asset filled = ClassDefaults.of(AssetClass.CRYPTO).fill(a);
    assertSame(own, filled.liquidity());
    assertEquals(0.3, filled.annualVolatility());
    assertEquals(5, filled.tailDof());
    assertEquals(ClassDefaults.of(AssetClass.CRYPTO).jump(), filled.jump());
    assertEquals(ClassDefaults.of(AssetClass.CRYPTO).oracle(), filled.oracle());
  }

  @Test
  void defaultsGiveOrderedClassRecommendations() {
    // The same loan on a bare asset of each class, defaults applied: NFT collateral must get the
    // lowest LTV, stablecoin the highest LTV among the four.
    List<Asset> bare = new ArrayList<>();
    List<LoanBucket> loans = new ArrayList<>();
    for (AssetClass c : AssetClass.values()) {
      bare.add(new Asset(c.name(), c, 1, 0, 0, null, null, null));
      loans.add(new LoanBucket(c.name(), 50_000, 10_000, 0.8, 0.05, 1, 1));
    }
    ProtocolExposure e =
        ClassDefaults.withClassDefaults(
            new ProtocolExposure("t", bare, null, null, loans, null, Controls.NONE));
    List<CollateralRecommendation> r =
        CollateralAssessor.DEFAULT.assess(
            e,
            new io.backstop.core.model.RunSettings(400, 3, 0, 60, List.of()),
            0.01,
            io.backstop.core.sim.Parallelism.sequential(),
            io.backstop.core.sim.CancellationToken.NONE);
    double nft = r.get(AssetClass.NFT.ordinal()).maxLtv();
    double stable = r.get(AssetClass.STABLECOIN.ordinal()).maxLtv();
    for (CollateralRecommendation x : r) {
      assertTrue(nft <= x.maxLtv() && x.maxLtv() <= stable, r.toString());
    }
  }
}
