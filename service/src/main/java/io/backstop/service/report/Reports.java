package io.backstop.service.report;

import io.backstop.proto.v1.CollateralRecommendation;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of the HTML reports. Each is built from the response (and the request for the cover
 * terms and shocks), so in-process and {@code --target} runs give the same page.
 */
public final class Reports {
  static {
    // Charts are drawn with AWT; a command line or server has no display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Reports() {}

  /** The quote report as an HTML string. */
  public static String quote(QuoteCoverRequest request, QuoteCoverResponse response) {
    return QuoteReport.html(request, response);
  }

  /**
   * The note naming the assets not acceptable as collateral (max LTV 0), when there are any: what
   * the terminal summary and the quote report both print under the collateral table.
   */
  public static Optional<String> notAcceptedAsCollateral(List<CollateralRecommendation> list) {
    List<String> ids =
        list.stream()
            .filter(c -> c.getMaxLtv() == 0)
            .map(CollateralRecommendation::getAssetId)
            .toList();
    return ids.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "Not acceptable as collateral (max LTV 0): "
                + String.join(", ", ids)
                + ". The haircut takes the whole value, or the liquidator would need a bonus of"
                + " 100% or more (shown at that cap).");
  }

  /** The stress-test report as an HTML string. */
  public static String stress(StressTestRequest request, StressTestResponse response) {
    return StressReport.html(request, response);
  }

  /**
   * Writes {@code html} to {@code file} through a temporary file beside it, so a reader never sees
   * half a report.
   */
  public static void write(Path file, String html) {
    Path target = file.toAbsolutePath();
    try {
      Path dir = target.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      // Not Files.createTempFile: its owner-only mode would stay on the report.
      Path tmp =
          target.resolveSibling(
              "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      try {
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + file + ": " + e.getMessage(), e);
    }
  }
}
