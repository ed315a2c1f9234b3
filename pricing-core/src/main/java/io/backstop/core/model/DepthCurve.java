package io.backstop.core.model;

/**
 * The shape of the depth a sale walks down (proto {@code Liquidity.curve} oneof). Execution on each
 * curve is {@link io.backstop.core.market.MarketDepth#execute}.
 */
public sealed interface DepthCurve permits LinearDepth, ConstantProductPool, BidLadder {}
