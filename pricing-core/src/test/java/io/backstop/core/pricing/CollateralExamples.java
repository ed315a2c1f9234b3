package io.backstop.core.pricing;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Correlation;
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
import java.util.List;

/**
 * The exposures of the example request files, mirrored by hand-checked generation from {@code
 * examples/*.json} (pricing-core has no JSON parser). Seeds and steps as in the files: crypto seed
 * 20261124 and nft seed 7 with 15-minute steps, rwa seed 11 with 30-minute steps.
 */
final class CollateralExamples {
  private CollateralExamples() {}

  /** crypto-lending: a mirror of {@code examples/crypto-lending.json}. */
  static ProtocolExposure crypto() {
    return new ProtocolExposure(
        "example-lending-eth-market",
        List.of(
            new Asset(
                "WETH",
                AssetClass.CRYPTO,
                3400.0,
                0.75,
                4.0,
                new JumpProcess(3.0, -0.1, 0.05),
                new Liquidity(new LinearDepth(25000000.0), 30.0, 0.3, 0.0, 0.0),
                new Oracle(OracleKind.PUSH, 12.0, 0.0, 0.005, 3600.0)),
            new Asset(
                "WSTETH",
                AssetClass.CRYPTO,
                4010.0,
                0.78,
                4.0,
                new JumpProcess(3.0, -0.11, 0.06),
                new Liquidity(new LinearDepth(6000000.0), 60.0, 0.3, 0.0, 0.0),
                new Oracle(OracleKind.PUSH, 12.0, 0.0, 0.005, 86400.0)),
            new Asset(
                "WBTC",
                AssetClass.CRYPTO,
                95000.0,
                0.55,
                4.0,
                new JumpProcess(2.0, -0.08, 0.04),
                new Liquidity(new LinearDepth(20000000.0), 30.0, 0.3, 0.0, 0.0),
                new Oracle(OracleKind.PUSH, 12.0, 0.0, 0.005, 3600.0))),
        List.of(
            new Correlation("WETH", "WSTETH", 0.97),
            new Correlation("WETH", "WBTC", 0.75),
            new Correlation("WSTETH", "WBTC", 0.73)),
        List.of(new CrossImpact("WSTETH", "WETH", 0.3), new CrossImpact("WETH", "WSTETH", 0.9)),
        List.of(
            new LoanBucket("WETH", 20000.0, 54796116.5, 0.83, 0.05, 0.5, 180),
            new LoanBucket("WETH", 40000.0, 104518518.52, 0.83, 0.05, 0.5, 420),
            new LoanBucket("WETH", 60000.0, 147234782.61, 0.83, 0.05, 0.5, 900),
            new LoanBucket("WETH", 80000.0, 173661538.46, 0.83, 0.05, 0.5, 1500),
            new LoanBucket("WETH", 120000.0, 211650000.0, 0.83, 0.05, 0.5, 3000),
            new LoanBucket("WETH", 200000.0, 225760000.0, 0.83, 0.05, 0.5, 6000),
            new LoanBucket("WSTETH", 10000.0, 30934285.71, 0.81, 0.06, 0.5, 60),
            new LoanBucket("WSTETH", 25000.0, 67668750.0, 0.81, 0.06, 0.5, 200),
            new LoanBucket("WSTETH", 50000.0, 101503125.0, 0.81, 0.06, 0.5, 700),
            new LoanBucket("WBTC", 1000.0, 67363636.36, 0.78, 0.05, 0.5, 80),
            new LoanBucket("WBTC", 2500.0, 132321428.57, 0.78, 0.05, 0.5, 300),
            new LoanBucket("WBTC", 4000.0, 148200000.0, 0.78, 0.05, 0.5, 900)),
        List.of(
            new OptionPosition("WETH", OptionType.PUT, 3000.0, 14.0, 0.7, 120000.0, -1),
            new OptionPosition("WETH", OptionType.PUT, 2800.0, 30.0, 0.75, 80000.0, -1),
            new OptionPosition("WETH", OptionType.CALL, 3800.0, 30.0, 0.68, 60000.0, 1)),
        new Controls(null, null, 150000000.0, 40000000.0, false));
  }

  /** nft-lending: a mirror of {@code examples/nft-lending.json}. */
  static ProtocolExposure nft() {
    return new ProtocolExposure(
        "example-nft-lending-bluechip",
        List.of(
            new Asset(
                "BLUECHIP",
                AssetClass.NFT,
                45000.0,
                0.9,
                3.0,
                new JumpProcess(2.0, -0.35, 0.15),
                new Liquidity(
                    new BidLadder(
                        List.of(
                            new BidLevel(43650.0, 3.0),
                            new BidLevel(42300.0, 5.0),
                            new BidLevel(40500.0, 8.0),
                            new BidLevel(38250.0, 10.0),
                            new BidLevel(36000.0, 15.0),
                            new BidLevel(31500.0, 20.0),
                            new BidLevel(27000.0, 25.0))),
                    720.0,
                    0.5,
                    40000.0,
                    0.0),
                new Oracle(OracleKind.TWAP, 600.0, 360.0, 0.0, 0.0))),
        List.of(),
        List.of(),
        List.of(
            new LoanBucket("BLUECHIP", 40.0, 1371428.57, 0.8, 0.05, 1.0, 40),
            new LoanBucket("BLUECHIP", 90.0, 2592000.0, 0.8, 0.05, 1.0, 90),
            new LoanBucket("BLUECHIP", 150.0, 3375000.0, 0.8, 0.05, 1.0, 150),
            new LoanBucket("BLUECHIP", 220.0, 3600000.0, 0.8, 0.05, 1.0, 220)),
        List.of(),
        new Controls(new CircuitBreaker(0.25, 60.0, 240.0), null, 2000000.0, 1000000.0, false));
  }

  /** rwa-vault: a mirror of {@code examples/rwa-vault.json}. */
  static ProtocolExposure rwa() {
    return new ProtocolExposure(
        "example-rwa-tbill-vault",
        List.of(
            new Asset(
                "TBILL",
                AssetClass.RWA,
                1.05,
                0.02,
                0.0,
                new JumpProcess(0.02, -0.2, 0.1),
                new Liquidity(new LinearDepth(400000.0), 1440.0, 0.5, 2000000.0, 24.0),
                new Oracle(OracleKind.PUSH, 86400.0, 0.0, 0.01, 86400.0))),
        List.of(),
        List.of(),
        List.of(
            new LoanBucket("TBILL", 60000000.0, 56823529.41, 0.92, 0.03, 1.0, 12),
            new LoanBucket("TBILL", 120000000.0, 109358490.57, 0.92, 0.03, 1.0, 25),
            new LoanBucket("TBILL", 200000000.0, 168000000.0, 0.92, 0.03, 1.0, 40)),
        List.of(),
        new Controls(null, new RateLimit(5000000.0), 20000000.0, 2000000.0, false));
  }
}
