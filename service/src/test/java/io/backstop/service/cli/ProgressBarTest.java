package io.backstop.service.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.QuoteProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bar's line stays under 80 columns and says nothing it does not know yet. */
class ProgressBarTest {
  @Test
  void linesFitEightyColumnsAndTheFirstFrameCountsNothing() {
    var bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    bar.accept(QuoteProgress.newBuilder().setStage("validate").build());
    String first = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(first.contains("0/0") || first.contains("s left"), first);
    bar.finish();
    bar.accept(
        QuoteProgress.newBuilder()
            .setStage("simulate")
            .setFractionDone(0.5)
            .setScenariosDone(100_000)
            .setScenariosTotal(200_000)
            .setEstimatedSecondsLeft(12345.6)
            .build());
    bar.finish();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\r")) {
      assertTrue(line.length() < 80, line.length() + " columns: '" + line + "'");
    }
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("100,000/200,000"));
  }
}
