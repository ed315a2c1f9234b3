package io.backstop.core.risk;

import io.backstop.core.options.BlackScholes;
import io.backstop.core.sim.CompiledExposure;
import org.ejml.data.DMatrixRMaj;

/**
 * The cascade Jacobian of MODEL.md section 4: J[k][j] = d ln P_k(after one round) / d ln
 * P_j(before) at a given state, linearised as
 *
 * <pre>
 *   J = X diag(lambda_j s_j),   s_j = l_j + g_j
 * </pre>
 *
 * where, for a fall of the log price of asset j,
 *
 * <ul>
 *   <li>l_j is the liquidation density, USD sold per unit fall of ln P_j. Loans are discrete
 *       buckets, so it is smoothed as a finite difference over a band beta = {@value #BAND}: l_j =
 *       (1 / beta) sum of V_b over buckets whose trigger price p_b = D / (Q LT) lies in [P e^-beta,
 *       P), with V_b = q_b p_b the USD sold when it crosses (q_b = min(Q, c D (1 + bonus) / p_b));
 *       0 when liquidations are paused;
 *   <li>g_j = -P_j^2 sum dealerSign x OI x gamma_BS(P_j), the dealers' hedge sales in USD per unit
 *       fall of ln P_j (positive when dealers are short gamma);
 *   <li>lambda_j is the local depth slope, log impact per USD sold ({@link
 *       io.backstop.core.market.MarketDepth#logImpactPerUsd}, the ladder's secant over the same
 *       band);
 *   <li>X = I + C is the cross-impact matrix.
 * </ul>
 *
 * Rate limits, liquidator and exit capacity, oracle lags and the profitability check are left out:
 * J is the unconstrained loop gain, the quantity a desk compares with 1.
 */
public final class CascadeJacobian {
  /** Band of the finite differences (liquidation density, ladder slope): a 5% log move. */
  public static final double BAND = 0.05;

  private CascadeJacobian() {}

  /**
   * J at market prices {@code prices} (time 0 option expiries, loans as given in the book).
   *
   * @param prices market price per asset, USD; fundamental = market (no transient impact)
   */
  public static DMatrixRMaj at(CompiledExposure book, double[] prices) {
    int n = book.assets;
    double[] gain = new double[n];
    for (int j = 0; j < n; j++) {
      double sold = liquidationDensity(book, j, prices[j]) + dealerDensity(book, j, prices[j]);
      gain[j] = sold == 0 ? 0 : book.depth.logImpactPerUsd(j, prices[j], prices[j], 0, BAND) * sold;
    }
    DMatrixRMaj jacobian = new DMatrixRMaj(n, n);
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        jacobian.set(k, j, book.crossImpact.get(k, j) * gain[j]);
      }
    }
    return jacobian;
  }

  /** l_j: USD of collateral sold per unit fall of ln P_j, smoothed over {@link #BAND}. */
  static double liquidationDensity(CompiledExposure book, int asset, double price) {
    if (book.liquidationsPaused) {
      return 0;
    }
    double floor = price * Math.exp(-BAND);
    double usd = 0;
    for (int b = 0; b < book.buckets; b++) {
      double q = book.bucketQuantity[b];
      double d = book.bucketDebt[b];
      if (book.bucketAsset[b] != asset || q <= 0 || d <= 0) {
        continue;
      }
      double trigger = d / (q * book.bucketThreshold[b]);
      if (trigger >= floor && trigger < price) {
        double seized =
            Math.min(q, book.bucketCloseFactor[b] * d * (1 + book.bucketBonus[b]) / trigger);
        usd += seized * trigger;
      }
    }
    return usd / BAND;
  }

  /** g_j = -P^2 sum sign x OI x gamma: dealers' USD sales per unit fall of ln P_j. */
  static double dealerDensity(CompiledExposure book, int asset, double price) {
    return -price * price * dealerGamma(book, asset, price);
  }

  /** The dealers' book gamma on {@code asset} at {@code price}: sum of sign x OI x gamma. */
  static double dealerGamma(CompiledExposure book, int asset, double price) {
    double gamma = 0;
    for (int i = 0; i < book.options; i++) {
      if (book.optionAsset[i] == asset) {
        gamma +=
            book.optionWeight[i]
                * BlackScholes.gamma(
                    price, book.optionStrike[i], book.optionExpiryYears[i], book.optionVol[i]);
      }
    }
    return gamma;
  }
}
