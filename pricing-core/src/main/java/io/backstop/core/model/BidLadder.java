package io.backstop.core.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Bids at discrete price levels, best first (order books, concentrated-liquidity bands, NFT
 * collection bids). A sale fills the best level, then gaps down to the next: between levels there
 * is no depth (a liquidity desert), and below the last level nothing can be sold. Prices must be
 * strictly decreasing and at or below the asset's price (checked by {@link ExposureRules}).
 *
 * @param levels the levels, best (highest) price first; at least one
 */
public record BidLadder(
    @NotEmpty(message = "must list at least one bid level") List<@NotNull @Valid BidLevel> levels)
    implements DepthCurve {
  /** Copies the list so the record stays immutable; {@code null} becomes empty. */
  public BidLadder {
    levels = levels == null ? List.of() : List.copyOf(levels);
  }
}
