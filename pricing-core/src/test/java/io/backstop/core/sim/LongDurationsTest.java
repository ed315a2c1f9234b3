package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.CascadeEngine;
import io.backstop.core.Fixtures;
import io.backstop.core.bench.Quote;
import io.backstop.core.model.Asset;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.OracleKind;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Durations a request may make as long as it likes (oracle latency and heartbeat, TWAP window,
 * settlement delay, circuit-breaker window and pause): one that reaches past the horizon acts as
 * the horizon's end, so the engine caps it there (CompiledExposure) and sizes its arrays by the
 * run, never by the request. Before the cap, a settlement delay of 10^12 hours overflowed an int
 * (NegativeArraySizeException), a TWAP window of 10^8 minutes or a latency of 10^10 seconds ran the
 * server out of heap, and a pause of 10^12 minutes wrapped round to a pause that ended at once.
 */
class LongDurationsTest {
  private static final int STEPS = 24; // 6 hours of 15-minute steps
  private static final RunSettings SETTINGS = new RunSettings(300, 7, 6, 15, List.of());
  private static final double STEP_SECONDS = 15 * 60;

  /**
   * The lending book with ETH's push oracle lagging {@code latencySeconds} with a heartbeat of
   * {@code heartbeatSeconds}, stETH's TWAP over {@code twapMinutes} (lag 0), WBTC settling after
   * {@code settlementHours}, and a breaker (10% drop) over {@code windowMinutes} pausing for {@code
   * pauseMinutes}.
   */
  private static ProtocolExposure book(
      double latencySeconds,
      double heartbeatSeconds,
      double twapMinutes,
      double settlementHours,
      double windowMinutes,
      double pauseMinutes) {
    ProtocolExposure base = Fixtures.lendingBook();
    List<Asset> assets = new ArrayList<>();
    for (Asset a : base.assets()) {
      Liquidity l = a.liquidity();
      Oracle o = a.oracle();
      switch (a.id()) {
        case "ETH" -> o = new Oracle(OracleKind.PUSH, latencySeconds, 0, 0.005, heartbeatSeconds);
        case "stETH" -> o = new Oracle(OracleKind.TWAP, 0, twapMinutes, 0, 0);
        case "WBTC" ->
            l =
                new Liquidity(
                    l.curve(), l.halfLifeMinutes(), l.permanentFraction(), 0, settlementHours);
        default -> throw new IllegalStateException(a.id());
      }
      assets.add(a.withMarket(l, o));
    }
    return base.withAssets(assets)
        .withControls(
            base.controls()
                .withCircuitBreaker(new CircuitBreaker(0.1, windowMinutes, pauseMinutes)));
  }

  private static String digest(ProtocolExposure e) {
    return Quote.digest(
        CascadeEngine.DEFAULT.simulate(
            e, SETTINGS, Parallelism.sequential(), ProgressListener.NONE, CancellationToken.NONE));
  }

  @Test
  void aDurationPastTheHorizonActsAsTheHorizonsEnd() {
    // STEPS + 1 steps of each duration: already past the last step.
    double past = (STEPS + 1) * STEP_SECONDS;
    String justPast = digest(book(past, past, 45, past / 3600, past / 60, past / 60));
    String huge = digest(book(1e15, 1e15, 45, 1e12, 1e12, 1e12));
    assertEquals(justPast, huge);
    // The test can fail: durations inside the horizon change the run.
    double inside = 4 * STEP_SECONDS;
    assertNotEquals(justPast, digest(book(inside, inside, 45, 1, 60, 60)));
  }

  @Test
  void arraysAreSizedByTheRunNotByTheRequest() {
    CompiledExposure book =
        new CompiledExposure(book(1e15, 1e15, 1e12, 1e12, 1e12, 1e12), STEPS, 15);
    assertTrue(book.historyLength <= STEPS + 2, "history " + book.historyLength);
    assertTrue(book.maxSettlementSteps <= STEPS + 1, "settlement " + book.maxSettlementSteps);
    assertTrue(book.breakerPauseSteps <= STEPS + 1, "pause " + book.breakerPauseSteps);
    // and the window itself is kept (the samples before time 0 count at P0), without overflow
    assertEquals(Integer.MAX_VALUE, book.twapSamples[book.assetIndex.get("stETH")]);
    String d = digest(book(1e15, 1e15, 1e12, 1e12, 1e12, 1e12));
    assertEquals(64, d.length());
  }

  /**
   * The TWAP from running sums against the direct average of the samples the worker saw: the live
   * price at the step start (lag 0), the prices at the earlier step ends, P0 before time 0. The
   * running sums over at most 24 samples round by at most a few ulps of their total, so 1e-13
   * relative is far above their error and far below any move that matters.
   */
  @Test
  void twapFromRunningSumsIsTheAverageOfItsSamples() {
    for (double window : new double[] {15, 45, 150, 1e6}) {
      ProtocolExposure e = book(30, 3600, window, 0, 60, 60);
      CompiledExposure book = new CompiledExposure(e, STEPS, 15);
      int k = book.assetIndex.get("stETH");
      int w = book.twapSamples[k];
      ScenarioWorker worker = new ScenarioWorker(book, BookDeltaTable.of(book), true);
      for (int scenario = 0; scenario < 50; scenario++) {
        worker.reset();
        worker.random.reset(11, scenario);
        double[] samples = new double[STEPS + 1]; // samples[s]: price at the end of step s
        samples[0] = book.initialPrice[k];
        for (int step = 0; step < STEPS; step++) {
          worker.beforeCascade(step);
          int sample = step + 1;
          double sum = worker.price[k]; // the live price: lag 0
          for (int i = 1; i < w; i++) {
            sum += sample - i > 0 ? samples[sample - i] : book.initialPrice[k];
          }
          double direct = sum / w;
          assertEquals(
              direct,
              worker.oracle[k],
              1e-13 * direct,
              "window " + window + " scenario " + scenario + " step " + step);
          worker.cascade(step, sample * book.stepYears, 20, null);
          worker.endStep();
          samples[sample] = worker.price[k];
        }
      }
    }
  }
}
