package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.CascadeEngine;
import io.backstop.core.Fixtures;
import io.backstop.core.model.Asset;
import io.backstop.core.model.JumpProcess;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Valid but absurd magnitudes give finite figures: jumps by the thousand a day, each of a few
 * e-folds, would take a price to 0 or to infinity within the horizon (a liquidation priced at a
 * price of 0 gave NaN proceeds, a delta at an infinite price a NaN slope); the fundamental log move
 * saturates at {@link ScenarioWorker#MAX_LOG_MOVE} instead (model 0.3.2).
 */
class ExtremeInputsTest {
  @Test
  void absurdJumpsGiveFiniteFigures() {
    for (double meanLogJump : new double[] {-3, 3}) {
      ProtocolExposure base = Fixtures.lendingBook();
      List<Asset> assets = new ArrayList<>();
      for (Asset a : base.assets()) {
        assets.add(
            new Asset(
                a.id(),
                a.assetClass(),
                a.priceUsd(),
                a.annualVolatility(),
                a.tailDof(),
                new JumpProcess(1e7, meanLogJump, 2),
                a.liquidity(),
                a.oracle()));
      }
      SimulationResult r =
          CascadeEngine.DEFAULT.simulate(
              base.withAssets(assets),
              new RunSettings(50, 9, 24, 15, List.of()),
              Parallelism.sequential(),
              ProgressListener.NONE,
              CancellationToken.NONE);
      for (int i = 0; i < 50; i++) {
        String m = "jump " + meanLogJump + " scenario " + i;
        assertTrue(Double.isFinite(r.grossLossUsd()[i]), m);
        assertTrue(
            Double.isFinite(r.liquidatedUsd()[i]), m + " liquidated " + r.liquidatedUsd()[i]);
        for (int k = 0; k < assets.size(); k++) {
          double p = r.minPriceUsd()[k][i];
          assertTrue(p > 0 && Double.isFinite(p), m + " min price " + p);
          assertTrue(Double.isFinite(r.terminalPriceUsd()[k][i]), m);
        }
      }
      assertTrue(Double.isFinite(r.summary().liquidatedUsdMean()));
    }
  }
}
