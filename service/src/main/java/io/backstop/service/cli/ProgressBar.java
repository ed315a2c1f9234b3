package io.backstop.service.cli;

import io.backstop.proto.v1.QuoteProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/** A one-line progress bar on a terminal's standard error, redrawn at most ten times a second. */
final class ProgressBar implements Consumer<QuoteProgress> {
  private static final int WIDTH = 30;
  private static final long MIN_REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private long lastDraw;
  private boolean drawn;

  ProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(QuoteProgress p) {
    long now = System.nanoTime();
    if (drawn && now - lastDraw < MIN_REDRAW_NANOS && p.getFractionDone() < 1.0) {
      return;
    }
    lastDraw = now;
    drawn = true;
    double fraction = Math.max(0, Math.min(1, p.getFractionDone()));
    int filled = (int) Math.round(fraction * WIDTH);
    out.print(
        String.format(
            Locale.ROOT,
            "\r%-10s [%s%s] %3.0f%%  %,d/%,d scenarios  %s",
            p.getStage(),
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            fraction * 100,
            p.getScenariosDone(),
            p.getScenariosTotal(),
            fraction >= 1
                ? "done        "
                : String.format(Locale.ROOT, "~%.1f s left  ", p.getEstimatedSecondsLeft())));
    out.flush();
  }

  /** Ends the bar's line so the next output starts clean. */
  synchronized void finish() {
    if (drawn) {
      out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
      out.flush();
      drawn = false;
    }
  }
}
