package io.backstop.core.model;

/**
 * Broad kind of an asset (proto {@code AssetClass} without its {@code UNSPECIFIED} zero value,
 * which the service maps to {@code null} and validation rejects). The class does not change the
 * dynamics of section 3: it only selects the documented per-class defaults of the pricing layer.
 */
public enum AssetClass {
  /** Fungible crypto asset with order-book and AMM markets (ETH, BTC, staked tokens). */
  CRYPTO,
  /** Fiat-pegged token; its risk is mostly a de-peg jump. */
  STABLECOIN,
  /** Non-fungible collection valued at its floor price; thin bids, slow exit. */
  NFT,
  /** Tokenized real-world asset; NAV oracle, redemption queue, default jumps. */
  RWA
}
