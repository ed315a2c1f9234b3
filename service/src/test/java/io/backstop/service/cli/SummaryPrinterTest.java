package io.backstop.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.AssetClass;
import io.backstop.proto.v1.CollateralRecommendation;
import io.backstop.proto.v1.Haircut;
import io.backstop.proto.v1.RegimeParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collateral table: its base | volatile bars line up whatever the widths; ∞ and the note. */
class SummaryPrinterTest {
  private static CollateralRecommendation row(
      String id, double ltv, double lt, double bonus, double highLtv, double highBonus) {
    Haircut h = Haircut.newBuilder().setVolatility(0.02).setTotal(0.02).build();
    return CollateralRecommendation.newBuilder()
        .setAssetId(id)
        .setAssetClass(AssetClass.ASSET_CLASS_CRYPTO)
        .setMaxLtv(ltv)
        .setLiquidationThreshold(lt)
        .setLiquidationBonus(bonus)
        .setCollateralRatio(1 / ltv)
        .setLiquidationHorizonHours(1)
        .setHaircut(h)
        .setHighVolatility(
            RegimeParameters.newBuilder()
                .setMaxLtv(highLtv)
                .setLiquidationThreshold(highLtv)
                .setLiquidationBonus(highBonus)
                .setHaircut(h))
        .build();
  }

  private static List<String> table(CollateralRecommendation... rows) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new SummaryPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .assessCollateral(
            AssessCollateralResponse.newBuilder().addAllCollateral(List.of(rows)).build());
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void theRegimeBarsLineUpAndAnUnacceptableAssetIsNamed() {
    List<String> lines =
        table(
            row("WETH", 0.7240, 0.7646, 0.03, 0.4811, 0.03),
            row("WBTC", 0.0854, 0.1, 0.1759, 0.0314, 0.4771),
            row("THIN", 0, 0, 1, 0, 1));
    List<String> body = lines.subList(2, 5); // after the title and the header
    String first = body.get(0);
    for (String line : body) {
      // The three bars of each row at the first row's columns.
      int from = 0;
      for (int bar = 0; bar < 3; bar++) {
        int at = first.indexOf(" | ", from);
        assertEquals(at, line.indexOf(" | ", from), line + "\n" + first);
        from = at + 3;
      }
    }
    assertTrue(body.get(2).contains("100.00% | 100.00%"), body.get(2));
    assertTrue(body.get(2).contains(" ∞ "), body.get(2));
    assertFalse(body.get(0).contains("∞"), body.get(0));
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("Not acceptable as collateral (max LTV 0): THIN.")),
        String.join("\n", lines));
  }

  @Test
  void noNoteWhenEveryAssetIsAccepted() {
    List<String> lines = table(row("WETH", 0.7240, 0.7646, 0.03, 0.4811, 0.03));
    assertTrue(lines.stream().noneMatch(l -> l.contains("Not acceptable")), lines.toString());
  }
}
