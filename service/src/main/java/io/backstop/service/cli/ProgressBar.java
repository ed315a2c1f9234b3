package io.backstop.service.cli;

import io.backstop.proto.v1.QuoteProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A one-line progress bar on a terminal's standard error, redrawn at most ten times a second, under
 * 80 columns (a wider line wraps, and every redraw then starts a new line).
 */
final class ProgressBar implements Consumer<QuoteProgress> {
  private static final int WIDTH = 16;

  /** Columns the line can take: what {@link #finish} clears. */
  private static final int LINE = 79;

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
    // Before the simulation (validate) there are no scenarios to count and no time to estimate.
    String count =
        p.getScenariosTotal() == 0
            ? ""
            : String.format(
                Locale.ROOT, " %,d/%,d scenarios", p.getScenariosDone(), p.getScenariosTotal());
    String left =
        fraction >= 1
            ? " done"
            : p.getScenariosDone() == 0
                ? ""
                : String.format(Locale.ROOT, " ~%.1f s left", p.getEstimatedSecondsLeft());
    String line =
        String.format(
            Locale.ROOT,
            "%-10s [%s%s] %3.0f%%%s%s",
            p.getStage(),
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            fraction * 100,
            count,
            left);
    line = line.length() > LINE ? line.substring(0, LINE) : line;
    out.print("\r" + line + " ".repeat(LINE - line.length()));
    out.flush();
  }

  /** Ends the bar's line so the next output starts clean. */
  synchronized void finish() {
    if (drawn) {
      out.print("\r" + " ".repeat(LINE) + "\r");
      out.flush();
      drawn = false;
    }
  }
}
