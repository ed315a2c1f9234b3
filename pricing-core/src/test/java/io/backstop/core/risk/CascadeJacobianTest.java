package io.backstop.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstop.core.CascadeEngine;
import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.options.BlackScholes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The terms of J = X diag(lambda_j (l_j + g_j)) (MODEL.md section 4) one at a time, on one asset
 * with linear depth d, where lambda = 0.01 / d exactly and rho(J) = J itself. Each expectation is
 * the documented formula evaluated by hand; the tolerance, 1e-12 relative, covers the handful of
 * roundings between the two evaluations of the same formula.
 */
class CascadeJacobianTest {
  private static final double PRICE = 100;
  private static final double DEPTH = 1e6; // USD per 1%: lambda = 1e-8 per USD
  private static final double RELATIVE = 1e-12;

  private static ProtocolExposure book(List<LoanBucket> loans, List<OptionPosition> options) {
    Asset asset =
        new Asset(
            "A",
            AssetClass.CRYPTO,
            PRICE,
            0.5,
            0,
            null,
            new Liquidity(new LinearDepth(DEPTH), 0, 0, 0, 0),
            null);
    return new ProtocolExposure(
        "jacobian", List.of(asset), List.of(), List.of(), loans, options, Controls.NONE);
  }

  @Test
  void liquidationDensityUsesTheThresholdCloseFactorAndBonus() {
    // q = 1,000 units, LT = 0.8, D = 78,400: trigger p = D / (q LT) = 98, inside [100 e^-0.05,
    // 100). Close factor 0.5, bonus 10%: seized = min(q, 0.5 x 78,400 x 1.1 / 98) = 440 units,
    // worth 440 x 98 = 43,120 USD. l = 43,120 / 0.05; rho = lambda l = 1e-8 x 862,400.
    LoanBucket partial = new LoanBucket("A", 1000, 78_400, 0.8, 0.1, 0.5, 1);
    double expected = 0.01 / DEPTH * (440 * 98) / CascadeJacobian.BAND;
    CascadeReport report = CascadeEngine.DEFAULT.cascade(book(List.of(partial), List.of()));
    assertEquals(expected, report.cascadeIndex(), RELATIVE * expected);
    assertEquals(1 / (1 - expected), report.amplification()[0][0], RELATIVE);
  }

  @Test
  void theBandIsClosedBelowAndOpenAtThePrice() {
    // Trigger exactly at the price (D = q LT P): already at its trigger, outside [P e^-beta, P).
    LoanBucket atPrice = new LoanBucket("A", 2, 100, 0.5, 0.05, 1, 1);
    assertEquals(
        0.0, CascadeEngine.DEFAULT.cascade(book(List.of(atPrice), List.of())).cascadeIndex());
    // Trigger exactly at the floor P e^-beta (LT = 1, q = 1, D = floor): inside, the whole unit
    // (min(1, 1.05 D / D) = 1) at the floor price.
    double floor = PRICE * Math.exp(-CascadeJacobian.BAND);
    LoanBucket atFloor = new LoanBucket("A", 1, floor, 1, 0.05, 1, 1);
    double expected = 0.01 / DEPTH * floor / CascadeJacobian.BAND;
    assertEquals(
        expected,
        CascadeEngine.DEFAULT.cascade(book(List.of(atFloor), List.of())).cascadeIndex(),
        RELATIVE * expected);
  }

  @Test
  void dealersShortGammaAddTheirHedgeSalesToTheLoopGain() {
    // No loans: J = lambda g with g = -P^2 x sum sign OI gamma_BS(P). Dealers short 20,000 puts
    // K = 95, 30 days, 70% vol: g > 0 (they sell into a fall), so A = 1 / (1 - J) > 1; a sign
    // error would leave rho = |J| but give 1 / (1 + J) < 1.
    OptionPosition shortPuts = new OptionPosition("A", OptionType.PUT, 95, 30, 0.7, 20_000, -1);
    double gamma = -20_000 * BlackScholes.gamma(PRICE, 95, 30 / 365.0, 0.7);
    double expected = 0.01 / DEPTH * (-PRICE * PRICE * gamma);
    CascadeReport report = CascadeEngine.DEFAULT.cascade(book(List.of(), List.of(shortPuts)));
    assertEquals(expected, report.cascadeIndex(), RELATIVE * expected);
    assertEquals(1 / (1 - expected), report.amplification()[0][0], RELATIVE);

    // Loans and dealers on the same asset: the two densities add.
    LoanBucket partial = new LoanBucket("A", 1000, 78_400, 0.8, 0.1, 0.5, 1);
    double both = expected + 0.01 / DEPTH * (440 * 98) / CascadeJacobian.BAND;
    assertEquals(
        both,
        CascadeEngine.DEFAULT.cascade(book(List.of(partial), List.of(shortPuts))).cascadeIndex(),
        RELATIVE * both);
  }
}
