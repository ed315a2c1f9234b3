package io.backstop.core.bench;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Correlation;
import io.backstop.core.model.CoverTerms;
import io.backstop.core.model.CrossImpact;
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
import java.util.List;

/**
 * The three request files of {@code examples/} as Java values, field for field, so that the
 * benchmarks and the scaling run need no JSON or protobuf (pricing-core never depends on them).
 * Keep in step with {@code examples/crypto-lending.json}, {@code nft-lending.json} and {@code
 * rwa-vault.json}.
 */
public final class ExampleBooks {
  private ExampleBooks() {}

  /** One example: exposure, cover and run settings. */
  public record Example(
      String name, ProtocolExposure exposure, CoverTerms cover, RunSettings settings) {
    /** Scenario-steps of one run at the example's settings. */
    public long scenarioSteps() {
      return (long) settings.withDefaults().scenarios() * settings.withDefaults().steps();
    }
  }

  /**
   * Looks an example up by name: crypto-lending, nft-lending, rwa-vault, or
   * crypto-lending-no-options (the crypto book without its dealer options: what the hedge loop
   * costs).
   */
  public static Example byName(String name) {
    return switch (name) {
      case "crypto-lending" -> cryptoLending();
      case "nft-lending" -> nftLending();
      case "rwa-vault" -> rwaVault();
      case "crypto-lending-no-options" -> withoutOptions(cryptoLending());
      default -> throw new IllegalArgumentException("unknown example " + name);
    };
  }

  /** The example with its option book removed, everything else equal. */
  public static Example withoutOptions(Example e) {
    ProtocolExposure x = e.exposure();
    return new Example(
        e.name() + "-no-options",
        new ProtocolExposure(
            x.protocolId(),
            x.assets(),
            x.correlations(),
            x.crossImpacts(),
            x.loanBuckets(),
            List.of(),
            x.controls()),
        e.cover(),
        e.settings());
  }

  private static Oracle push(double latencySeconds, double threshold, double heartbeatSeconds) {
    return new Oracle(OracleKind.PUSH, latencySeconds, 0, threshold, heartbeatSeconds);
  }

  /** {@code examples/crypto-lending.json}: 3 assets, 12 loan buckets, 3 options. */
  public static Example cryptoLending() {
    List<Asset> assets =
        List.of(
            new Asset(
                "WETH",
                AssetClass.CRYPTO,
                3400,
                0.75,
                4,
                new JumpProcess(3, -0.1, 0.05),
                new Liquidity(new LinearDepth(18_000_000), 30, 0.3, 0, 0),
                push(12, 0.005, 3600)),
            new Asset(
                "WSTETH",
                AssetClass.CRYPTO,
                4010,
                0.78,
                4,
                new JumpProcess(3, -0.11, 0.06),
                new Liquidity(new LinearDepth(4_300_000), 60, 0.3, 0, 0),
                push(12, 0.005, 86400)),
            new Asset(
                "WBTC",
                AssetClass.CRYPTO,
                95000,
                0.55,
                4,
                new JumpProcess(2, -0.08, 0.04),
                new Liquidity(new LinearDepth(14_000_000), 30, 0.3, 0, 0),
                push(12, 0.005, 3600)));
    List<LoanBucket> loans =
        List.of(
            new LoanBucket("WETH", 20000, 54796116.5, 0.83, 0.05, 0.5, 180),
            new LoanBucket("WETH", 40000, 104518518.52, 0.83, 0.05, 0.5, 420),
            new LoanBucket("WETH", 60000, 147234782.61, 0.83, 0.05, 0.5, 900),
            new LoanBucket("WETH", 80000, 173661538.46, 0.83, 0.05, 0.5, 1500),
            new LoanBucket("WETH", 120000, 211650000.0, 0.83, 0.05, 0.5, 3000),
            new LoanBucket("WETH", 200000, 225760000.0, 0.83, 0.05, 0.5, 6000),
            new LoanBucket("WSTETH", 10000, 30934285.71, 0.81, 0.06, 0.5, 60),
            new LoanBucket("WSTETH", 25000, 67668750.0, 0.81, 0.06, 0.5, 200),
            new LoanBucket("WSTETH", 50000, 101503125.0, 0.81, 0.06, 0.5, 700),
            new LoanBucket("WBTC", 1000, 67363636.36, 0.78, 0.05, 0.5, 80),
            new LoanBucket("WBTC", 2500, 132321428.57, 0.78, 0.05, 0.5, 300),
            new LoanBucket("WBTC", 4000, 148200000.0, 0.78, 0.05, 0.5, 900));
    List<OptionPosition> options =
        List.of(
            new OptionPosition("WETH", OptionType.PUT, 3000, 14, 0.7, 120000, -1),
            new OptionPosition("WETH", OptionType.PUT, 2800, 30, 0.75, 80000, -1),
            new OptionPosition("WETH", OptionType.CALL, 3800, 30, 0.68, 60000, 1));
    ProtocolExposure exposure =
        new ProtocolExposure(
            "example-lending-eth-market",
            assets,
            List.of(
                new Correlation("WETH", "WSTETH", 0.97),
                new Correlation("WETH", "WBTC", 0.75),
                new Correlation("WSTETH", "WBTC", 0.73)),
            List.of(new CrossImpact("WSTETH", "WETH", 0.3), new CrossImpact("WETH", "WSTETH", 0.9)),
            loans,
            options,
            new Controls(null, null, 150_000_000, 10_000_000, false));
    return new Example(
        "crypto-lending",
        exposure,
        new CoverTerms(5_000_000, 50_000_000, 30, 0.15, 0.2),
        new RunSettings(10_000, 20261124L, 24, 15, List.of(0.95, 0.99, 0.995)));
  }

  /** {@code examples/nft-lending.json}: one NFT collection on a 7-level bid ladder, 4 buckets. */
  public static Example nftLending() {
    double[][] levels = {
      {43650, 3}, {42300, 5}, {40500, 8}, {38250, 10}, {36000, 15}, {31500, 20}, {27000, 25}
    };
    List<BidLevel> bids = new java.util.ArrayList<>();
    for (double[] l : levels) {
      bids.add(new BidLevel(l[0], l[1]));
    }
    Asset nft =
        new Asset(
            "BLUECHIP",
            AssetClass.NFT,
            45000,
            0.9,
            3,
            new JumpProcess(2, -0.35, 0.15),
            new Liquidity(new BidLadder(bids), 720, 0.5, 40000, 0),
            new Oracle(OracleKind.TWAP, 600, 360, 0, 0));
    List<LoanBucket> loans =
        List.of(
            new LoanBucket("BLUECHIP", 40, 1371428.57, 0.8, 0.05, 1.0, 40),
            new LoanBucket("BLUECHIP", 90, 2592000.0, 0.8, 0.05, 1.0, 90),
            new LoanBucket("BLUECHIP", 150, 3375000.0, 0.8, 0.05, 1.0, 150),
            new LoanBucket("BLUECHIP", 220, 3600000.0, 0.8, 0.05, 1.0, 220));
    ProtocolExposure exposure =
        new ProtocolExposure(
            "example-nft-lending-bluechip",
            List.of(nft),
            List.of(),
            List.of(),
            loans,
            List.of(),
            new Controls(new CircuitBreaker(0.25, 60, 240), null, 2_000_000, 1_000_000, false));
    return new Example(
        "nft-lending",
        exposure,
        new CoverTerms(1_000_000, 5_000_000, 30, 0.2, 0.2),
        new RunSettings(10_000, 7, 24, 15, List.of(0.95, 0.99)));
  }

  /** {@code examples/rwa-vault.json}: a T-bill token with settlement delay, 3 buckets, 72 h. */
  public static Example rwaVault() {
    Asset tbill =
        new Asset(
            "TBILL",
            AssetClass.RWA,
            1.05,
            0.02,
            0,
            new JumpProcess(0.1, -0.2, 0.1),
            new Liquidity(new LinearDepth(400_000), 1440, 0.5, 2_000_000, 24),
            push(86400, 0.01, 86400));
    List<LoanBucket> loans =
        List.of(
            new LoanBucket("TBILL", 60_000_000, 56823529.41, 0.92, 0.03, 1.0, 12),
            new LoanBucket("TBILL", 120_000_000, 109358490.57, 0.92, 0.03, 1.0, 25),
            new LoanBucket("TBILL", 200_000_000, 168000000.0, 0.92, 0.03, 1.0, 40));
    ProtocolExposure exposure =
        new ProtocolExposure(
            "example-rwa-tbill-vault",
            List.of(tbill),
            List.of(),
            List.of(),
            loans,
            List.of(),
            new Controls(null, new RateLimit(5_000_000), 20_000_000, 2_000_000, false));
    return new Example(
        "rwa-vault",
        exposure,
        new CoverTerms(2_000_000, 20_000_000, 90, 0.1, 0.15),
        new RunSettings(10_000, 11, 72, 30, List.of(0.95, 0.99, 0.995)));
  }
}
