package io.backstop.service.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.BidLevel;
import io.backstop.proto.v1.ConstantProductPool;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.FieldViolation;
import io.backstop.service.app.PricingApplication;
import io.backstop.service.grpc.Examples;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Magnitudes at the validation's bounds price to finite figures; just beyond them, the request is
 * INVALID_ARGUMENT naming the field. Each case below reached the client as INTERNAL before the
 * bounds (found by feeding every numeric field of the examples 1e308 and 4.9e-324): a debt of 1e308
 * overflowed the loss sums, an open interest of 1e308 or a subnormal depth the cascade Jacobian.
 */
class BoundaryRequestsTest {
  private static final PricingApplication APP =
      PricingApplication.standalone(io.backstop.core.sim.Parallelism.sequential());

  /** A change to a request and the field it sets. */
  record Edit(String field, Consumer<QuoteCoverRequest.Builder> change) {}

  private static QuoteCoverRequest request(String example, Edit edit) {
    QuoteCoverRequest.Builder b = Examples.quote(example).toBuilder();
    b.getSettingsBuilder().setScenarios(200);
    edit.change().accept(b);
    return b.build();
  }

  private static Edit debt(double usd) {
    return new Edit(
        "exposure.loan_buckets[0].debt_usd",
        b -> b.getExposureBuilder().getLoanBucketsBuilder(0).setDebtUsd(usd));
  }

  private static Edit price(double usd) {
    return new Edit(
        "exposure.assets[0].price_usd",
        b -> b.getExposureBuilder().getAssetsBuilder(0).setPriceUsd(usd));
  }

  private static Edit openInterest(double units) {
    return new Edit(
        "exposure.options[0].open_interest",
        b -> b.getExposureBuilder().getOptionsBuilder(0).setOpenInterest(units));
  }

  private static Edit linearDepth(double usdPerPercent) {
    return new Edit(
        "exposure.assets[0].liquidity.linear_depth.usd_per_percent",
        b ->
            b.getExposureBuilder()
                .getAssetsBuilder(0)
                .getLiquidityBuilder()
                .getLinearDepthBuilder()
                .setUsdPerPercent(usdPerPercent));
  }

  private static Edit pool(double base, double quoteUsd) {
    return new Edit(
        "exposure.assets[0].liquidity.constant_product",
        b ->
            b.getExposureBuilder()
                .getAssetsBuilder(0)
                .getLiquidityBuilder()
                .setConstantProduct(
                    ConstantProductPool.newBuilder()
                        .setBaseReserve(base)
                        .setQuoteReserveUsd(quoteUsd)));
  }

  /** nft-lending's first asset's ladder with one level. */
  private static Edit ladderLevel(double priceUsd, double quantity) {
    return new Edit(
        "exposure.assets[0].liquidity.bid_ladder.levels[0]",
        b ->
            b.getExposureBuilder()
                .getAssetsBuilder(0)
                .getLiquidityBuilder()
                .getBidLadderBuilder()
                .clearLevels()
                .addLevels(BidLevel.newBuilder().setPriceUsd(priceUsd).setQuantity(quantity)));
  }

  private static void assertPricesToFiniteFigures(String example, Edit edit) {
    double[] figures = ExtremeFieldsTest.quoteAndStressFigures(APP, request(example, edit));
    for (double figure : figures) {
      assertTrue(Double.isFinite(figure), example + " with " + edit.field() + ": " + figure);
    }
  }

  private static void assertRefused(String example, Edit edit, String field) {
    var e =
        assertThrows(
            BackstopException.InvalidRequest.class,
            () -> APP.quote(request(example, edit), CallContext.detached()),
            example + " with " + field);
    List<String> fields = e.violations().stream().map(FieldViolation::field).toList();
    assertEquals(List.of(field), fields);
  }

  @Test
  void magnitudesAtTheBoundsGiveFiniteFigures() {
    assertPricesToFiniteFigures("crypto-lending", price(1e-12));
    assertPricesToFiniteFigures("crypto-lending", price(1e12));
    assertPricesToFiniteFigures("crypto-lending", debt(1e15));
    assertPricesToFiniteFigures("crypto-lending", openInterest(1e18));
    assertPricesToFiniteFigures("crypto-lending", linearDepth(1e-6));
    assertPricesToFiniteFigures("crypto-lending", pool(1e-9, 1e-6));
    assertPricesToFiniteFigures("crypto-lending", pool(1e18, 1e15));
    assertPricesToFiniteFigures("nft-lending", ladderLevel(1e-9, 1e-9));
    double floorPrice = Examples.quote("nft-lending").getExposure().getAssets(0).getPriceUsd();
    assertPricesToFiniteFigures("nft-lending", ladderLevel(floorPrice, 1e18));
  }

  @Test
  void magnitudesBeyondTheBoundsAreRefusedNamingTheField() {
    assertRefused("crypto-lending", price(Double.MIN_VALUE), "exposure.assets[0].price_usd");
    assertRefused("crypto-lending", debt(1e308), "exposure.loan_buckets[0].debt_usd");
    assertRefused("crypto-lending", openInterest(1e308), "exposure.options[0].open_interest");
    assertRefused(
        "crypto-lending",
        linearDepth(Double.MIN_VALUE),
        "exposure.assets[0].liquidity.linear_depth.usd_per_percent");
    assertRefused(
        "crypto-lending",
        pool(Double.MIN_VALUE, 1),
        "exposure.assets[0].liquidity.constant_product.base_reserve");
    assertRefused(
        "crypto-lending",
        pool(1, 1e308),
        "exposure.assets[0].liquidity.constant_product.quote_reserve_usd");
    assertRefused(
        "nft-lending",
        ladderLevel(10, Double.MIN_VALUE),
        "exposure.assets[0].liquidity.bid_ladder.levels[0].quantity");
    assertRefused(
        "nft-lending",
        ladderLevel(Double.MIN_VALUE, 1),
        "exposure.assets[0].liquidity.bid_ladder.levels[0].price_usd");
  }
}
