package io.backstop.core;

import io.backstop.core.risk.CascadeIndex;
import io.backstop.core.sim.StressPath;

/**
 * Everything StressTest returns: the deterministic cascade path and the cascade index with its
 * amplification matrix at the shocked prices (round 0).
 *
 * @param path the cascade round by round, with bad debt and liquidations
 * @param indexAtShock rho(J), runaway and (I - J)^-1 at the shocked prices, rows in {@code
 *     path.assetIds()} order
 */
public record StressResult(StressPath path, CascadeIndex indexAtShock) {}
