package io.backstop.core.sim;

import io.backstop.core.market.CrossImpactMatrix;
import io.backstop.core.market.Execution;
import io.backstop.core.market.MarketDepth;
import io.backstop.core.options.BlackScholes;

/**
 * The dynamics of one scenario (MODEL.md section 3) on primitive arrays owned by one worker and
 * reused scenario after scenario: nothing is allocated per step. The same cascade-round code serves
 * the Monte Carlo ({@link #runScenario}) and the deterministic stress path ({@link #startStress},
 * {@link #cascade}).
 *
 * <p>State per asset k: fundamental log move f_k and transient log impact I_k, so the market price
 * is P_k = P0_k exp(f_k + I_k); the oracle price; a bid ladder's fill; the dealers' hedged book
 * delta; the liquidators' inventory awaiting sale (exit capacity) and in settlement. Per loan
 * bucket: remaining collateral and debt.
 *
 * <p>Liquidation of bucket b (collateral Q, debt D, oracle O, market P): when O Q LT < D, a
 * liquidator repays R = c D and seizes q = R (1 + bonus) / O, both capped by the collateral (q = Q,
 * R = Q O / (1 + bonus)), by the asset's rate limit and by the liquidators' capacity (collateral
 * value q O). The liquidator acts only while the quoted proceeds of selling q, after the sales
 * already seized in this round, cover R (bonus vs slippage); if the full size does not pay, the
 * largest profitable fraction is found by bisection (profit is concave in size). Debt falls by R at
 * once: the liquidator bears the execution. A bucket whose collateral is exhausted with debt left
 * turns that debt into bad debt. At the horizon every open bucket's shortfall max(D - Q P, 0) at
 * the market price is bad debt too.
 */
final class ScenarioWorker {
  /**
   * A round is quiet when no loan is liquidated and no price moves by this much or more (absolute
   * log move, 1e-6 = 0.0001%). The rounds after the first are mostly the dealers' re-hedge
   * converging geometrically with a loop gain k < 1 (each round's move is about k times the
   * previous one's), so stopping after a round that moved less than tol leaves at most tol k / (1 -
   * k) of move per step un-executed (1e-6 at k = 0.5): not lost, since the held delta lags by it
   * and the next step's first round hedges it. That is four orders of magnitude below a single
   * step's price noise and the Monte Carlo standard error of any loss figure. The round cap still
   * bounds a runaway (k >= 1).
   */
  static final double QUIET_LOG_MOVE = 1e-6;

  private static final int PROFIT_BISECTIONS = 12;

  /** The most bisections of a paying fraction: one loan's worth of a class of 2^52 loans. */
  private static final int MAX_BISECTIONS = 52;

  /** The smallest fraction the profit bisection tries: 2^-{@value #PROFIT_BISECTIONS}. */
  private static final double SMALLEST_FRACTION = Math.scalb(1.0, -PROFIT_BISECTIONS);

  final CompiledExposure book;
  private final int n;
  final RandomStream random = new RandomStream();
  private final Execution execution = new Execution();

  // Asset state.
  final double[] f;
  final double[] impact;
  final double[] price;
  final double[] oracle;
  final double[] ladderFill;
  // Per ladder asset, the permanent part of its own sales' log moves that its bids have not yet
  // followed: in f (the price keeps it) but not yet in the anchor of the bids, whose consumption
  // the fill records; it reaches the anchor as the fill refills, decaying with it (model 0.6.0).
  // Saturated at MAX_LOG_MOVE, as f is.
  final double[] ownPermanent;
  final double[] heldBookDelta;
  final double[] inventory;
  final double[] settling; // ring [slot * n + k], units arriving at the market in the slot's step
  final double[] history; // ring [sample * n + k] of market prices at step ends
  // Ring like history of the running sums of those prices from sample 1 on, kept only for a TWAP
  // oracle: a window's sum is the difference of two (null without a TWAP).
  private final double[] cumulative;

  /** The circuit breaker's window maxima; null without a breaker. */
  private final BreakerWindow breakerWindow;

  final int[] lastPushSample;
  private final double[] oracleReadPrice; // market price at the oracle's last read
  final int[] pausedUntilStep;
  final double[] minPrice;

  // Loan state.
  final double[] quantity;
  final double[] debt;

  // Per-step budgets and per-round scratch.
  private final double[] rateLeftUsd;
  private final double[] exitLeftUsd;
  private double capacityLeftUsd;
  final double[] seizedUnits;
  final double[] roundLiquidatedUsd;
  final double[] roundDealerUsd;
  private final double[] dealerUnits;
  private final double[] ownImpact;
  private final double[] totalImpact;
  private final double[] shocks;
  final double[] mixing; // per dof group: this step's s = sqrt((nu - 2) / chi-square)

  // Option book at the current step: the time of the hedge and per asset the spot at which
  // heldBookDelta was evaluated (NaN: not at this time); for exact deltas, the total volatility v
  // and 0.5 v^2 per option and the time they are for (computed only when an exact delta is needed;
  // a function of the time alone, so kept from one scenario to the next).
  private double hedgeYears = Double.NaN;
  private final double[] optionTotalVol;
  private final double[] optionHalfVariance;
  private double volatilityYears = Double.NaN;
  private final double[] hedgedPrice;
  private final double[] tentativeDelta;
  private final double[] heldBefore;
  private final double[] slopeOut = new double[2]; // slope, curvature
  private final double[] slopeAtStart;
  private final double[] curvatureAtStart;

  /** The Monte Carlo's tabulated book delta; null: every delta exact (the stress path). */
  private final BookDeltaTable deltaTable;

  /**
   * The Monte Carlo's equilibrium hedge (see {@link #solveHedge}) applies to this book: it has the
   * delta table, every hedged asset trades on a linear curve, and no hedged asset moves another
   * through cross-impact.
   */
  private final boolean equilibriumBook;

  /** Round 1 of each step tries {@link #quietRound}. */
  private final boolean quietPath;

  // Counts since the worker was made, for the tests and probes (SolveProbe): steps whose cascade
  // quietRound ran; equilibrium solves and their table evaluations after the start's; liquidations
  // that did not pay at their full size, and of those the ones whose smallest fraction did not pay
  // either (no bisection run).
  long quietRounds;
  long solves;
  long solveEvaluations;
  long unprofitableLiquidations;
  long bisectionsSkipped;

  /** Per hedged asset: the book delta at the quiet round's start price. */
  private final double[] quietDelta;

  /** Per asset: a quiet round's log move of the solved hedge and of the plain one-round hedge. */
  private final double[] solvedMove;

  private final double[] plainMove;

  /** Per asset j: sum over the hedged assets k of |X[j][k]|, how far hedges can move j per unit. */
  private final double[] hedgedRowSum;

  /** Per asset: gross open interest sum |OI| of its options, the bound of its book delta. */
  private final double[] grossOpenInterest;

  /**
   * Per hedged asset on a linear curve: a = P0 x 0.01 / d, so that a sale of u adds a u to P0/P.
   */
  private final double[] impactScale;

  /** This round's hedge is the equilibrium: the next round would be quiet, the cascade is done. */
  private boolean solvedRound;

  /**
   * The step in which a round could not be solved: its later rounds do not try again until one
   * liquidates.
   */
  private int unsolvableStep = -1;

  // Liquidation pre-check: no open bucket of asset k is liquidatable while its oracle is above
  // safeOracle[k] (the highest trigger price D / (Q LT) of its open buckets, raised by a relative
  // margin that covers the rounding of both sides of the exact test O Q LT < D).
  private final double[] initialSafeOracle;
  private final double[] initialHeldDelta; // the dealers' book delta at time 0, per asset
  private final double[] safeOracle;
  private final boolean[] scanAsset;
  private final boolean[] bucketsChanged;

  // Liquidation plan of a round (model 0.7.0): the buckets by asset, then liquidation bonus from
  // the highest, then index (liquidationOrder); bonus class c holds positions classStart[c] to
  // classStart[c + 1] - 1 of it and asset k classes assetFirstClass[k] to assetFirstClass[k + 1] -
  // 1. Per class its planned fraction of the close-factor sizes; per bucket those sizes; per asset
  // the planned collateral value and whether the rate limit is spent whole.
  private final int[] liquidationOrder;
  private final int[] classStart;
  private final int[] assetFirstClass;
  private final double[] classFraction;
  private final double[] classSeize;
  private final double[] classProceeds;
  private final double[] plannedSeize;
  private final double[] plannedRepay;
  private final boolean[] plannedExhausts;
  private final double[] assetPlanUsd;
  private final boolean[] rateSpentWhole;

  /** The last round seized collateral: its per-round seizures are to be cleared. */
  private boolean seizedLastRound;

  /** True while a stress observer reads per-round USD flows, which the Monte Carlo does not. */
  private boolean recordFlows;

  // Scenario outcomes.
  double badDebtUsd;
  double liquidatedUsd;
  int cascadeRounds;
  boolean breakerTripped;
  private boolean liveOracles;

  /** No price has moved since the oracles' last read: reading them again would change nothing. */
  private boolean oraclesCurrent;

  private int sample; // index of the sample the live price belongs to (step + 1)
  // This step's ring slots, set by startStep: settlement (step mod (max delay + 1)) and history
  // (sample mod history length), so that the round's code needs no division to find them.
  private int settlementSlot;
  private int historySlot;

  /** A worker evaluating every dealer delta exactly (the stress path and its closed-form check). */
  ScenarioWorker(CompiledExposure book) {
    this(book, null, true);
  }

  /**
   * A worker reading the run's shared {@code deltaTable} (null: exact deltas); {@code
   * equilibriumHedge} (with the table) solves quiet rounds' dealer hedges for their equilibrium
   * ({@link #solveHedge}), as the Monte Carlo does; without it the rounds are plain, which the
   * tests compare against.
   */
  ScenarioWorker(CompiledExposure book, BookDeltaTable deltaTable, boolean equilibriumHedge) {
    this(book, deltaTable, equilibriumHedge, true);
  }

  /**
   * As above; {@code quietPath} false runs every round through the general code instead of {@link
   * #quietRound}, which the tests compare against.
   */
  ScenarioWorker(
      CompiledExposure book,
      BookDeltaTable deltaTable,
      boolean equilibriumHedge,
      boolean quietPath) {
    this.book = book;
    this.deltaTable = deltaTable;
    n = book.assets;
    boolean eligible = deltaTable != null && equilibriumHedge;
    for (int k : book.hedgedAssets) {
      eligible &= book.depth.isLinear(k);
      for (int j : book.hedgedAssets) {
        eligible &= j == k || book.crossImpact.get(j, k) == 0;
      }
    }
    equilibriumBook = eligible;
    this.quietPath = quietPath && (eligible || book.hedgedAssets.length == 0);
    solvedMove = new double[n];
    quietDelta = new double[n];
    plainMove = new double[n];
    grossOpenInterest = new double[n];
    impactScale = new double[n];
    for (int k : book.hedgedAssets) {
      impactScale[k] = book.initialPrice[k] * book.depth.logImpactPerUsd(k, 0, 0, 0, 0);
    }
    for (int i = 0; i < book.options; i++) {
      grossOpenInterest[book.optionAsset[i]] += Math.abs(book.optionWeight[i]);
    }
    hedgedRowSum = new double[n];
    CrossImpactMatrix x = book.crossImpact;
    for (int j = 0; j < n; j++) {
      for (int r = x.rowStart(j); r < x.rowEnd(j); r++) {
        if (book.hedged(x.rowSource(r))) {
          hedgedRowSum[j] += Math.abs(x.rowEntry(r));
        }
      }
    }
    f = new double[n];
    impact = new double[n];
    price = new double[n];
    oracle = new double[n];
    ladderFill = new double[n];
    ownPermanent = new double[n];
    heldBookDelta = new double[n];
    inventory = new double[n];
    settling = new double[(book.maxSettlementSteps + 1) * n];
    history = new double[book.historyLength * n];
    boolean twap = false;
    for (int k = 0; k < n; k++) {
      twap |= book.oracleKind[k] == CompiledExposure.ORACLE_TWAP;
    }
    cumulative = twap ? new double[book.historyLength * n] : null;
    breakerWindow = book.hasBreaker ? new BreakerWindow(n, book.breakerWindowSteps) : null;
    lastPushSample = new int[n];
    oracleReadPrice = new double[n];
    pausedUntilStep = new int[n];
    minPrice = new double[n];
    quantity = new double[book.buckets];
    debt = new double[book.buckets];
    rateLeftUsd = new double[n];
    exitLeftUsd = new double[n];
    seizedUnits = new double[n];
    roundLiquidatedUsd = new double[n];
    roundDealerUsd = new double[n];
    dealerUnits = new double[n];
    ownImpact = new double[n];
    totalImpact = new double[n];
    shocks = new double[n];
    mixing = new double[Math.max(1, book.dofValues.length)];
    optionTotalVol = new double[book.options];
    optionHalfVariance = new double[book.options];
    hedgedPrice = new double[n];
    tentativeDelta = new double[n];
    heldBefore = new double[n];
    slopeAtStart = new double[n];
    curvatureAtStart = new double[n];
    initialSafeOracle = new double[n];
    safeOracle = new double[n];
    scanAsset = new boolean[n];
    bucketsChanged = new boolean[n];
    for (int k = 0; k < n; k++) {
      initialSafeOracle[k] = safeOracle(k, book.bucketQuantity, book.bucketDebt);
    }
    liquidationOrder = new int[book.buckets];
    assetFirstClass = new int[n + 1];
    int[] starts = new int[book.buckets + 1];
    int classes = 0;
    int at = 0;
    for (int k = 0; k < n; k++) {
      assetFirstClass[k] = classes;
      int from = at;
      for (int b = 0; b < book.buckets; b++) {
        if (book.bucketAsset[b] == k) {
          liquidationOrder[at++] = b;
        }
      }
      // By bonus from the highest, stable (index order within a bonus).
      Integer[] sorted = new Integer[at - from];
      for (int i = from; i < at; i++) {
        sorted[i - from] = liquidationOrder[i];
      }
      java.util.Arrays.sort(
          sorted, (u, v) -> Double.compare(book.bucketBonus[v], book.bucketBonus[u]));
      for (int i = from; i < at; i++) {
        liquidationOrder[i] = sorted[i - from];
        if (i == from
            || book.bucketBonus[liquidationOrder[i]] != book.bucketBonus[liquidationOrder[i - 1]]) {
          starts[classes++] = i;
        }
      }
    }
    assetFirstClass[n] = classes;
    starts[classes] = at;
    classStart = java.util.Arrays.copyOf(starts, classes + 1);
    classFraction = new double[classes];
    classSeize = new double[classes];
    classProceeds = new double[classes];
    plannedSeize = new double[book.buckets];
    plannedRepay = new double[book.buckets];
    plannedExhausts = new boolean[book.buckets];
    assetPlanUsd = new double[n];
    rateSpentWhole = new boolean[n];
    initialHeldDelta = new double[n];
    for (int i = 0; i < book.options; i++) {
      int k = book.optionAsset[i];
      initialHeldDelta[k] += optionDelta(i, book.initialPrice[k], 0);
    }
  }

  /** Relative margin of the liquidation pre-check: far above the few ulps of rounding. */
  private static final double SAFE_MARGIN = 1e-9;

  /**
   * An oracle price above which no open bucket of asset k is liquidatable: max over its open
   * buckets of D / (Q LT), times 1 + {@value #SAFE_MARGIN}; -infinity when none is open.
   */
  private double safeOracle(int k, double[] q, double[] d) {
    double safe = Double.NEGATIVE_INFINITY;
    for (int b = 0; b < book.buckets; b++) {
      if (book.bucketAsset[b] == k && q[b] > 0 && d[b] > 0) {
        safe = Math.max(safe, d[b] / (q[b] * book.bucketThreshold[b]) * (1 + SAFE_MARGIN));
      }
    }
    return safe;
  }

  /** Resets every state array to time 0. */
  void reset() {
    for (int k = 0; k < n; k++) {
      f[k] = 0;
      impact[k] = 0;
      price[k] = book.initialPrice[k];
      oracle[k] = price[k];
      ladderFill[k] = 0;
      ownPermanent[k] = 0;
      inventory[k] = 0;
      lastPushSample[k] = 0;
      pausedUntilStep[k] = -1;
      minPrice[k] = price[k];
    }
    System.arraycopy(initialHeldDelta, 0, heldBookDelta, 0, n); // the same for every scenario
    java.util.Arrays.fill(settling, 0);
    for (int s = 0; s < book.historyLength; s++) {
      System.arraycopy(price, 0, history, s * n, n);
    }
    if (book.hasBreaker) {
      breakerWindow.reset(price); // sample 0, at P0, is the window's first entry
    }
    System.arraycopy(book.bucketQuantity, 0, quantity, 0, book.buckets);
    System.arraycopy(book.bucketDebt, 0, debt, 0, book.buckets);
    System.arraycopy(initialSafeOracle, 0, safeOracle, 0, n);
    hedgeYears = Double.NaN;
    unsolvableStep = -1;
    badDebtUsd = 0;
    liquidatedUsd = 0;
    cascadeRounds = 0;
    breakerTripped = false;
    liveOracles = false;
    oraclesCurrent = false;
    sample = 0;
  }

  /**
   * Simulates scenario {@code index} to the horizon and returns its gross loss: bad debt realised
   * in liquidations plus the shortfall of open loans at the horizon's market prices.
   */
  double runScenario(long seed, long index, int maxRounds) {
    reset();
    random.reset(seed, index);
    for (int step = 0; step < book.steps; step++) {
      if ((step & (CANCEL_POLL_STEPS - 1)) == CANCEL_POLL_STEPS - 1
          && cancel.isCancellationRequested()) {
        throw new CancelledException(0, 0); // the simulator reports its own counts
      }
      beforeCascade(step);
      cascade(step, book.hedgeYears(step), maxRounds, null);
      endStep();
    }
    return badDebtUsd + shortfall();
  }

  /**
   * Steps of a scenario between two polls of the cancellation token (a power of two). The simulator
   * polls before each block of scenarios too, but a block of a long horizon on a large book runs
   * for seconds (32 scenarios of 2,880 steps on 32 assets: 1.2 s here); polled every few steps, a
   * cancelled call frees its threads within milliseconds (the contract's 100 ms) whatever the
   * request. The poll is a call every 8 steps, nothing per step beyond a test of the counter.
   */
  static final int CANCEL_POLL_STEPS = 8;

  private CancellationToken cancel = CancellationToken.NONE;

  /** Scenarios run from now on stop with a {@link CancelledException} once {@code token} asks. */
  void stopWhen(CancellationToken token) {
    this.cancel = token;
  }

  /** Steps 1 to 3 of section 3: exogenous move, impact decay, prices, oracles and budgets. */
  void beforeCascade(int step) {
    exogenousMove();
    for (int k = 0; k < n; k++) {
      impact[k] *= book.decayPerStep[k];
      ladderFill[k] *= book.decayPerStep[k];
      ownPermanent[k] *= book.decayPerStep[k];
    }
    sample = step + 1;
    updatePrices();
    startStep(step);
  }

  /**
   * Step 1 of section 3: f += -sigma^2 s^2 dt / 2 - jump compensator + sigma s sqrt(dt) (R eps) +
   * jumps, where R R' = C and s^2 = (nu - 2) / chi2_nu is drawn once per step per distinct tail dof
   * (shared by all assets with that dof, so tails are dependent; the chi-squares of the dofs
   * nested, the larger the smaller's plus an independent one) and 1 for Gaussian assets.
   * Conditioning the drift on s keeps E[P_{t+dt} | s] = P_t exactly, also with Student-t tails.
   */
  private void exogenousMove() {
    // Nested chi-squares (model 0.8.0): the groups in increasing dof, each one's the one before's
    // plus an independent increment, so that heavier and lighter tails come in the same steps.
    double chiSquare = 0;
    for (int g = 0; g < book.dofValues.length; g++) {
      chiSquare +=
          random.nextChiSquare(book.chiSquareD[g], book.chiSquareC[g], book.chiSquareBoost[g]);
      mixing[g] = Math.sqrt((book.dofValues[g] - 2) / chiSquare);
    }
    for (int k = 0; k < n; k++) {
      shocks[k] = random.nextGaussian();
    }
    double[] root = book.correlationRoot;
    for (int k = 0; k < n; k++) {
      double z = 0;
      int row = k * n;
      for (int j = 0; j < n; j++) {
        z += root[row + j] * shocks[j];
      }
      double s = book.dofGroup[k] >= 0 ? mixing[book.dofGroup[k]] : 1;
      double move = -book.varPerStepHalf[k] * s * s + book.volPerStep[k] * s * z;
      if (book.jumpMeanPerStep[k] > 0) {
        int jumps = random.nextPoisson(book.jumpMeanPerStep[k], book.jumpExpMinusMean[k]);
        move -= book.jumpCompensatorPerStep[k];
        if (jumps > 0) {
          move +=
              jumps * book.jumpMean[k] + Math.sqrt(jumps) * book.jumpStd[k] * random.nextGaussian();
        }
      }
      // Saturated at a factor e^50 (5e21) either way, far beyond any market: a request's absurd
      // jumps (thousands a day, each of several e-folds) would otherwise take the price to 0 or
      // infinity within the horizon and every figure that prices a sale to NaN. Bits unchanged
      // below the bound.
      f[k] = Math.max(-MAX_LOG_MOVE, Math.min(MAX_LOG_MOVE, f[k] + move));
    }
  }

  /** The largest fundamental log move from P0 the simulation represents (model 0.3.2). */
  static final double MAX_LOG_MOVE = 50;

  private void updatePrices() {
    oraclesCurrent = false;
    for (int k = 0; k < n; k++) {
      price[k] = book.initialPrice[k] * Math.exp(f[k] + impact[k]);
      if (price[k] < minPrice[k]) {
        minPrice[k] = price[k];
      }
    }
  }

  /** Budgets, matured settlements, oracle update and circuit breaker at the start of a step. */
  private void startStep(int step) {
    int slot = step % (book.maxSettlementSteps + 1);
    settlementSlot = slot;
    historySlot = sample % book.historyLength;
    for (int k = 0; k < n; k++) {
      rateLeftUsd[k] = book.rateLimitUsdPerStep;
      exitLeftUsd[k] = book.exitCapacityPerStepUsd[k];
      inventory[k] += settling[slot * n + k];
      settling[slot * n + k] = 0;
    }
    capacityLeftUsd = book.capacityUsdPerStep;
    readOracles(true);
    if (book.hasBreaker) {
      for (int k = 0; k < n; k++) {
        breakerWindow.enter(k, sample, oracle[k]);
      }
      tripBreakers(step);
    }
  }

  /**
   * Trips the breaker of every asset not paused whose oracle is at or below (1 - drop) x its
   * window's high: at the step start, and again before each later cascade round of the step, where
   * a live oracle (no lag) has followed the cascade's own fall (model 0.4.0; before, a fall made
   * within a step tripped the breaker only at the next step's start). A lagged oracle does not move
   * within a step, so the later tests change nothing for it.
   */
  private void tripBreakers(int step) {
    for (int k = 0; k < n; k++) {
      if (pausedUntilStep[k] >= step) {
        continue;
      }
      if (oracle[k] <= (1 - book.breakerDrop) * windowHigh(k)) {
        pausedUntilStep[k] = step + book.breakerPauseSteps - 1;
        breakerTripped = true;
      }
    }
  }

  /**
   * The highest oracle price of asset k over the breaker's window: samples max(0, sample - window)
   * to sample.
   */
  double windowHigh(int k) {
    return breakerWindow.high(k, sample);
  }

  void endStep() {
    System.arraycopy(price, 0, history, historySlot * n, n);
    if (cumulative != null) {
      for (int k = 0; k < n; k++) {
        cumulative[historySlot * n + k] = cumulativeAt(sample - 1, k) + price[k];
      }
    }
  }

  /** Sum of asset k's market prices at samples 1 to s (0 for s <= 0; s < current sample). */
  private double cumulativeAt(int s, int k) {
    return s <= 0 ? 0 : cumulative[(s % book.historyLength) * n + k];
  }

  /** Market price of asset k at sample s (s <= current sample; before time 0: P0). */
  private double sampledPrice(int s, int k) {
    if (s >= sample) {
      return price[k];
    }
    return s <= 0 ? book.initialPrice[k] : history[(s % book.historyLength) * n + k];
  }

  /**
   * Oracle prices on the step grid. A lag of L steps reads the sample L steps back; L = 0 reads the
   * live price and is re-read before every cascade round. TWAP averages the w samples ending at the
   * lagged one. Push publishes the lagged spot when it deviates by the threshold from the last
   * published value or the heartbeat has elapsed.
   */
  private void readOracles(boolean stepStart) {
    if (!stepStart && oraclesCurrent) {
      // Within a step a read at unchanged prices gives what the last one gave (a lagged oracle
      // moves only at the step start; a live one reads the same price at the same sample).
      return;
    }
    oraclesCurrent = true;
    for (int k = 0; k < n; k++) {
      int lag = book.oracleLagSteps[k];
      if (!stepStart && !liveOracles && (lag > 0 || price[k] == oracleReadPrice[k])) {
        // Lagged oracles only move at the step start; a live one whose price has not moved since
        // its last read in this step would read the same (the heartbeat, too, is per step).
        continue;
      }
      readOracle(k);
    }
  }

  /** Reads asset k's oracle at the current sample (see {@link #readOracles}). */
  private void readOracle(int k) {
    oracleReadPrice[k] = price[k];
    int at = liveOracles ? sample : sample - book.oracleLagSteps[k];
    switch (book.oracleKind[k]) {
      case CompiledExposure.ORACLE_TWAP -> {
        if (liveOracles) {
          oracle[k] = price[k];
        } else {
          // The w samples ending at the lagged one: those inside the horizon by the running sums
          // (the current sample's live price added to them when the lag is 0), those at or before
          // time 0 at P0 as one product; a read costs the same however long the window (model
          // 0.3.2; before, one addition per sample).
          int w = book.twapSamples[k];
          int inside = Math.max(0, Math.min(w, at));
          double sum = 0;
          if (inside > 0) {
            sum =
                at >= sample
                    ? price[k] + (cumulativeAt(at - 1, k) - cumulativeAt(at - inside, k))
                    : cumulativeAt(at, k) - cumulativeAt(at - inside, k);
          }
          if (inside < w) {
            sum += (double) (w - inside) * book.initialPrice[k];
          }
          oracle[k] = sum / w;
        }
      }
      case CompiledExposure.ORACLE_PUSH -> {
        double candidate = sampledPrice(at, k);
        // |candidate / published - 1| >= threshold, without a division.
        boolean deviates = Math.abs(candidate - oracle[k]) >= book.pushThreshold[k] * oracle[k];
        boolean heartbeat =
            book.heartbeatSteps[k] > 0 && sample - lastPushSample[k] >= book.heartbeatSteps[k];
        if (liveOracles || deviates || heartbeat) {
          oracle[k] = candidate;
          lastPushSample[k] = sample;
        }
      }
      default -> oracle[k] = sampledPrice(at, k);
    }
  }

  /**
   * Cascade rounds inside one step until a quiet round or {@code maxRounds}: liquidations, dealer
   * hedging, execution of the net flow on each depth curve, cross-impact. Returns rounds run.
   */
  int cascade(int step, double years, int maxRounds, RoundObserver observer) {
    recordFlows = observer != null;
    if (quietPath && !recordFlows && quietRound(step, years)) {
      quietRounds++;
      return 1;
    }
    int rounds = 0;
    while (rounds < maxRounds) {
      rounds++;
      readOracles(false);
      if (book.hasBreaker && rounds > 1) {
        tripBreakers(step);
      }
      boolean liquidated = liquidate(step);
      hedge(years, liquidated, step);
      double largestMove = execute();
      if (liquidated) {
        cascadeRounds++;
      }
      if (observer != null) {
        observer.afterRound(rounds, this);
      }
      if (solvedRound) {
        readOracles(false); // what the quiet round the solve makes unnecessary would have read
        break;
      }
      if (!liquidated && largestMove < QUIET_LOG_MOVE) {
        break;
      }
    }
    return rounds;
  }

  /**
   * A round's liquidations (model 0.7.0). A bucket is {@code count} identical loans, and each loan
   * is liquidated by one liquidator, for its close-factor size, while that loan's own sale pays at
   * the prices the sales before it left. The crossed loans of an asset are taken class by class of
   * liquidation bonus, the highest first (a loan's profit per dollar repaid depends on its bonus
   * and the prices, not on its health); within a class every crossed loan is treated alike: the
   * same fraction of each, the largest that the asset's rate limit allows and at which the last
   * loan taken still pays ({@link #pays}). The liquidators' capacity is then shared by the assets
   * in proportion to what each would take, an asset's share going to its classes in their order. So
   * the same loans price the same however they are grouped into buckets and in whatever order the
   * buckets come; before 0.7.0 the buckets were served one after another in the request's order,
   * each tested on its whole sale's average, and splitting each bucket of crypto-lending into two
   * identical halves raised its premium from $1.18M to $2.14M (an audit's finding).
   */
  private boolean liquidate(int step) {
    if (seizedLastRound) {
      seizedLastRound = false;
      for (int k = 0; k < n; k++) {
        seizedUnits[k] = 0;
        roundLiquidatedUsd[k] = 0;
      }
    }
    if (book.liquidationsPaused) {
      return false;
    }
    boolean scan = false;
    for (int k = 0; k < n; k++) {
      scanAsset[k] = mayLiquidate(k, step);
      scan |= scanAsset[k];
    }
    if (!scan) {
      return false;
    }
    double plannedUsd = 0;
    for (int k = 0; k < n; k++) {
      assetPlanUsd[k] = scanAsset[k] ? planLiquidations(k) : 0;
      plannedUsd += assetPlanUsd[k];
    }
    if (!(plannedUsd > 0)) {
      return false;
    }
    // The capacity is spent whole when the plans exceed it (exactly: a remainder of a few ulps
    // would pay for nothing and keep the pre-checks looking).
    boolean wholeCapacity = plannedUsd > capacityLeftUsd;
    double scale = wholeCapacity ? capacityLeftUsd / plannedUsd : 1;
    boolean any = false;
    for (int k = 0; k < n; k++) {
      if (assetPlanUsd[k] > 0) {
        any |= applyLiquidations(k, scale);
        rateLeftUsd[k] =
            rateSpentWhole[k] && !wholeCapacity ? 0 : rateLeftUsd[k] - scale * assetPlanUsd[k];
      }
    }
    capacityLeftUsd = wholeCapacity ? 0 : capacityLeftUsd - plannedUsd;
    if (any) {
      for (int k = 0; k < n; k++) {
        if (bucketsChanged[k]) {
          bucketsChanged[k] = false;
          safeOracle[k] = safeOracle(k, quantity, debt);
        }
      }
    }
    return any;
  }

  /**
   * Plans asset k's liquidations of this round within its rate limit (the capacity comes after, in
   * {@link #liquidate}): per bonus class, each crossed bucket's close-factor size (repay c D, seize
   * repay (1 + bonus) / oracle, both capped by the collateral) and the class's fraction. Returns
   * the planned collateral value at the oracle, 0 when nothing pays.
   */
  private double planLiquidations(int k) {
    double o = oracle[k];
    double rateLeft = rateLeftUsd[k];
    double fundamental = book.depth.isLadder(k) ? ladderAnchor(k) : 0;
    double units = 0; // the sales planned so far this round, of the classes before
    double soldUsd = 0; // their quoted proceeds
    double plannedUsd = 0;
    rateSpentWhole[k] = false;
    for (int c = assetFirstClass[k]; c < assetFirstClass[k + 1]; c++) {
      classFraction[c] = 0;
      if (rateSpentWhole[k]) {
        continue;
      }
      double seizeSum = 0;
      double repaySum = 0;
      double loans = 0;
      for (int i = classStart[c]; i < classStart[c + 1]; i++) {
        int b = liquidationOrder[i];
        double q0 = quantity[b];
        double d0 = debt[b];
        plannedSeize[b] = 0;
        if (q0 <= 0 || d0 <= 0 || o * q0 * book.bucketThreshold[b] >= d0) {
          continue;
        }
        double bonus = 1 + book.bucketBonus[b];
        double repay = book.bucketCloseFactor[b] * d0;
        double seize = repay * bonus / o;
        boolean exhausts = seize >= q0;
        if (exhausts) {
          seize = q0;
          repay = q0 * o / bonus;
        }
        plannedSeize[b] = seize;
        plannedRepay[b] = repay;
        plannedExhausts[b] = exhausts;
        seizeSum += seize;
        repaySum += repay;
        loans += book.bucketLoans[b];
      }
      if (!(seizeSum > 0)) {
        continue;
      }
      // Scaled to the rate limit, the class spends all of it, exactly (not the product, which
      // may round to a few ulps less and leave a budget that pays for nothing).
      double fraction = 1;
      boolean wholeRate = seizeSum * o > rateLeft;
      if (wholeRate) {
        fraction = rateLeft / (seizeSum * o);
      }
      if (!pays(k, fundamental, units, soldUsd, fraction, seizeSum, repaySum, loans)) {
        unprofitableLiquidations++;
        fraction =
            largestPayingFraction(
                k, fundamental, units, soldUsd, fraction, seizeSum, repaySum, loans);
        if (fraction == 0) {
          continue;
        }
        wholeRate = false;
      }
      classFraction[c] = fraction;
      classSeize[c] = seizeSum;
      units += fraction * seizeSum;
      double sold = proceeds(k, units, fundamental);
      classProceeds[c] = sold - soldUsd;
      soldUsd = sold;
      plannedUsd += wholeRate ? rateLeft : fraction * seizeSum * o;
      rateLeft = wholeRate ? 0 : rateLeft - fraction * seizeSum * o;
      rateSpentWhole[k] = wholeRate;
    }
    return plannedUsd;
  }

  /**
   * The largest fraction, below {@code most} (which does not pay), at which the last loan of a
   * class still pays ({@link #pays}; the arguments as there); 0 when none does. The last loan's
   * profit falls as the fraction grows. On a linear curve, where more than one loan's worth pays,
   * it has a closed form (the sale whose last loan's slice fetches its repayment). Otherwise the
   * smallest fraction of the grid, 2^-12 of {@code most}, is tried first: a class no liquidator
   * will touch (most of those tried in a crash) then costs one or two quotes instead of twelve. If
   * it pays, bisections of [0, most] to 2^-12 of it or one loan's worth, whichever is finer; if not
   * and it holds more than one loan, the loans that pay lie below it, from one loan's worth
   * (geometric bisections) or within the first loan (its partial liquidation; none pays when 2^-12
   * of it does not).
   */
  private double largestPayingFraction(
      int k,
      double fundamental,
      double units,
      double soldUsd,
      double most,
      double seize,
      double repay,
      double loans) {
    if (book.depth.isLinear(k) && most * loans > 1) {
      double end =
          book.depth.linearSaleWhoseLastSlicePays(k, price[k], seize / loans, repay / loans);
      double f = (end - units) / seize;
      if (f * loans > 1) {
        return Math.min(f, most); // below it (the full size did not pay), but for rounding
      }
    }
    double top = SMALLEST_FRACTION * most;
    if (pays(k, fundamental, units, soldUsd, top, seize, repay, loans)) {
      return bisect(k, fundamental, units, soldUsd, 0, 1, most, false, seize, repay, loans);
    }
    double oneLoan = 1 / loans;
    if (!(oneLoan < top)) {
      bisectionsSkipped++;
      return 0;
    }
    if (pays(k, fundamental, units, soldUsd, oneLoan, seize, repay, loans)) {
      return bisect(k, fundamental, units, soldUsd, oneLoan, top, 1, true, seize, repay, loans);
    }
    if (!pays(k, fundamental, units, soldUsd, SMALLEST_FRACTION * oneLoan, seize, repay, loans)) {
      bisectionsSkipped++;
      return 0;
    }
    return bisect(k, fundamental, units, soldUsd, 0, oneLoan, 1, false, seize, repay, loans);
  }

  /**
   * Bisections of [lo, hi] (arithmetic, or geometric from lo > 0) for the largest x whose fraction
   * {@code x * scale} pays ({@link #pays}; lo pays, hi does not): {@value #PROFIT_BISECTIONS}, and
   * more while the bracket holds more than one loan's worth ({@code (hi - lo) scale loans > 1}: a
   * class of over 4,096 loans, model 0.7.1), at most {@value #MAX_BISECTIONS}. Returns {@code lo *
   * scale} at the end, 0 when lo stayed 0.
   */
  private double bisect(
      int k,
      double fundamental,
      double units,
      double soldUsd,
      double lo,
      double hi,
      double scale,
      boolean geometric,
      double seize,
      double repay,
      double loans) {
    for (int i = 0;
        i < MAX_BISECTIONS && (i < PROFIT_BISECTIONS || (hi - lo) * scale * loans > 1);
        i++) {
      double mid = geometric ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
      if (pays(k, fundamental, units, soldUsd, mid * scale, seize, repay, loans)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo * scale;
  }

  /**
   * Whether the last loan of a class still pays when {@code fraction} of the class's close-factor
   * sizes (seizing {@code seize} units in all, repaying {@code repay}, over {@code loans} loans) is
   * taken after this round's earlier sales of the asset ({@code units}, quoted at {@code soldUsd}):
   * at least one loan's worth, the last loan's seizure, seize / loans units ending at the class's
   * total, must fetch its repayment, repay / loans; less than one loan's worth is one liquidator's
   * partial liquidation, whose whole sale must pay (proceeds of the sale at least the fraction of
   * the repayments). Proceeds are concave in size, so the last loan's profit falls as the fraction
   * grows and the two rules meet at one loan: the set of fractions that pay is an interval from 0.
   * A bucket of one loan is tested on its whole sale's average, as before model 0.7.0; many small
   * loans on the price at the margin.
   */
  private boolean pays(
      int k,
      double fundamental,
      double units,
      double soldUsd,
      double fraction,
      double seize,
      double repay,
      double loans) {
    double end = units + fraction * seize;
    if (fraction * loans <= 1) {
      return proceeds(k, end, fundamental) - soldUsd >= fraction * repay;
    }
    double loan = seize / loans;
    return proceeds(k, end, fundamental) - proceeds(k, end - loan, fundamental) >= repay / loans;
  }

  /**
   * Applies asset k's planned liquidations within its share of the liquidators' capacity, {@code
   * scale} times its plan (1: all of it), given to its classes in their order: debt falls by the
   * repayment at once, the seized collateral joins the round's sales, a bucket seized whole with
   * debt left turns that debt into bad debt. Returns whether anything was seized.
   */
  private boolean applyLiquidations(int k, double scale) {
    double fundamental = book.depth.isLadder(k) ? ladderAnchor(k) : 0;
    double before = seizedUnits[k];
    boolean any = false;
    double o = oracle[k];
    // The asset's share of the capacity goes to its classes in their order (the highest bonus
    // first, as the rate limit did): a class that does not fit is cut, the ones after get nothing.
    double share = scale < 1 ? scale * assetPlanUsd[k] : Double.POSITIVE_INFINITY;
    for (int c = assetFirstClass[k]; c < assetFirstClass[k + 1]; c++) {
      double f = classFraction[c];
      if (!(f > 0 && share > 0)) {
        continue;
      }
      double valueUsd = f * classSeize[c] * o;
      boolean whole = valueUsd <= share;
      if (!whole) {
        f *= share / valueUsd;
      }
      share = whole ? share - valueUsd : 0;
      for (int i = classStart[c]; i < classStart[c + 1]; i++) {
        int b = liquidationOrder[i];
        double seize = f * plannedSeize[b];
        if (!(seize > 0)) {
          continue;
        }
        double repay = f * plannedRepay[b];
        double d0 = debt[b];
        if (plannedExhausts[b] && f == 1) {
          quantity[b] = 0;
          badDebtUsd += d0 - repay;
          debt[b] = 0;
        } else {
          quantity[b] -= seize;
          debt[b] = d0 - repay;
        }
      }
      double units = f * classSeize[c];
      // Uncut (so were the classes before it), the plan quoted these very units after these very
      // sales.
      double proceeds =
          whole
              ? classProceeds[c]
              : proceeds(k, before + units, fundamental)
                  - (before == 0 ? 0 : proceeds(k, before, fundamental));
      before += units;
      any = true;
      seizedLastRound = true;
      seizedUnits[k] = before;
      roundLiquidatedUsd[k] += proceeds;
      liquidatedUsd += proceeds;
      bucketsChanged[k] = true;
    }
    return any;
  }

  /**
   * Proceeds of selling {@code units} of asset k into its curve at the current state (the sales a
   * round seizes are quoted as parts of their total); {@code fundamental} matters to a bid ladder.
   */
  private double proceeds(int k, double units, double fundamental) {
    book.depth.execute(k, units, price[k], fundamental, ladderFill[k], execution);
    return execution.proceedsUsd;
  }

  /**
   * The price that carries asset k's bid ladder (level i bids p_i / P0 times it): P0 e^(f - a), the
   * fundamental without the part a of its own sales' permanent impact that the bids have not yet
   * followed. A sale's consumption of bids is in the fill; moving the remaining bids down at once
   * by its permanent part as well counted its impact twice, so that a sale split in two ended lower
   * than the same sale at once (before model 0.6.0: 20 units through bids of 10 at 95, 90 and 85
   * ended at 85 at once and at 80.6 in two halves with a permanent fraction of 0.5). The bids
   * follow it as they refill: a decays with the fill, so that once the fill has refilled the book
   * is re-priced by the whole permanent impact, as before.
   */
  private double ladderAnchor(int k) {
    return book.initialPrice[k] * Math.exp(f[k] - ownPermanent[k]);
  }

  /**
   * Dealers re-hedge: they sell the rise of their book delta, sum sign x OI x delta_BS(P, T - t).
   * The time-dependent part of each delta is computed once per step, and an asset's book delta is
   * re-evaluated only when its price moved (the same inputs give the same bits). In a quiet round
   * of the Monte Carlo the hedge is solved for its equilibrium when that is safe ({@link
   * #solveHedge}).
   */
  private void hedge(double years, boolean liquidated, int step) {
    beginHedge(years);
    if (liquidated) {
      // The loans and the budgets have changed: what made an earlier round of the step unsolvable
      // (a trigger on the way) may be gone (model 0.3.3; before, the rest of the step ran plain
      // rounds, to the round cap in a crash that spends the liquidators' capacity).
      unsolvableStep = -1;
    }
    boolean solve = equilibriumBook && !liquidated && step != unsolvableStep;
    for (int k : book.hedgedAssets) {
      double spot = price[k];
      if (spot == hedgedPrice[k]) {
        continue; // -held + held = 0
      }
      double sum;
      if (solve) {
        // The solve that follows starts from here and needs the slope too.
        sum = deltaTable.deltaAndSlope(step, k, f[k] + impact[k], slopeOut);
        slopeAtStart[k] = slopeOut[0];
        curvatureAtStart[k] = slopeOut[1];
      } else {
        sum = deltaTable != null ? deltaTable.bookDelta(step, k, f[k] + impact[k]) : Double.NaN;
        if (Double.isNaN(sum)) {
          sum = exactBookDelta(k, spot, years);
        }
      }
      rehedge(k, sum);
    }
    if (solve && !solveHedge(step)) {
      unsolvableStep = step; // the rest of this step runs plain rounds
    }
  }

  /** A round's hedge at time {@code years}: nothing traded yet, no solved equilibrium. */
  private void beginHedge(double years) {
    solvedRound = false;
    if (years != hedgeYears) {
      hedgeYears = years;
      java.util.Arrays.fill(hedgedPrice, Double.NaN);
    }
    java.util.Arrays.fill(dealerUnits, 0, n, 0.0);
  }

  /**
   * Asset k's dealers now hold book delta {@code sum}, at its current price: they trade the rise.
   */
  private void rehedge(int k, double sum) {
    heldBefore[k] = heldBookDelta[k];
    dealerUnits[k] = -heldBookDelta[k] + sum;
    heldBookDelta[k] = sum;
    hedgedPrice[k] = price[k];
  }

  /**
   * The solved hedges (solvedMove nonzero) replace the plain ones: the dealers trade to the delta
   * at the equilibrium, and the round is the solved one.
   */
  private void takeSolvedHedges() {
    for (int k : book.hedgedAssets) {
      if (solvedMove[k] != 0) {
        dealerUnits[k] = tentativeDelta[k] - heldBefore[k];
        heldBookDelta[k] = tentativeDelta[k];
        hedgedPrice[k] = Double.NaN; // the next evaluation is at a new price
      }
    }
    solvedRound = true;
  }

  /**
   * Asset k's loans may be liquidatable: its oracle is not above their highest trigger ({@code !(o
   * > safe)}, so that a NaN oracle is looked at too), it is not paused and liquidators have budget
   * left for it in this step.
   */
  private boolean mayLiquidate(int k, int step) {
    return !(oracle[k] > safeOracle[k]) && pausedUntilStep[k] < step && budgetLeft(k) > 0;
  }

  /**
   * The collateral value (at the oracle) liquidators may still seize of asset k in this step: the
   * least of its rate limit's and their capacity's remainders. Where it is not positive no loan of
   * k is liquidated until the next step's budgets (model 0.3.3: before, such a liquidation was
   * scaled to nothing, which is the same but for rounding at the budget's edge; the rule makes the
   * pre-checks exact).
   */
  private double budgetLeft(int k) {
    return Math.min(rateLeftUsd[k], capacityLeftUsd);
  }

  /** Liquidators have inventory to sell this round: some held, with exit capacity left. */
  private boolean liquidatorsSell() {
    for (int j = 0; j < n; j++) {
      if (inventory[j] != 0 && exitLeftUsd[j] > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Round 1 of a Monte Carlo step in its common case, on a path of its own: no loan at its trigger,
   * no liquidator sale, and either no dealer hedge (a book without options) or one that {@link
   * #solveHedge} solves (98% of the steps of the crypto-lending example). The general round ({@link
   * #cascade}) would then read the oracles (unchanged since the step started), find nothing to
   * liquidate, hedge, solve, execute each asset's flow (only the solved hedges trade, on their
   * solved move), apply the moves and read the oracles again; this does the same arithmetic on the
   * same values and leaves the same state, to the bit (QuietRoundTest runs the example books both
   * ways), without the general round's work for the cases it cannot meet. Returns false, having
   * written only scratch (solvedMove, plainMove, tentativeDelta, quietDelta), when the case does
   * not hold; the general round then runs.
   */
  private boolean quietRound(int step, double years) {
    if (seizedLastRound || years == hedgeYears || liveOracles) {
      return false; // seizures to clear, a hedge already taken at this time, or the stress path
    }
    if (!book.liquidationsPaused) {
      for (int k = 0; k < n; k++) {
        if (mayLiquidate(k, step)) {
          return false; // liquidate() must look
        }
      }
    }
    if (liquidatorsSell()) {
      return false;
    }
    boolean any = false;
    for (int k : book.hedgedAssets) {
      double held = heldBookDelta[k];
      double sum = deltaTable.deltaAndSlope(step, k, f[k] + impact[k], slopeOut);
      double units = -held + sum;
      quietDelta[k] = sum;
      solvedMove[k] = 0;
      plainMove[k] = 0;
      if (units == 0) {
        continue;
      }
      if (exitLeftUsd[k] != Double.POSITIVE_INFINITY // the solved move would not be applied as is
          || !deltaTable.serves(step, k)
          || !solveAsset(step, k, units, held, sum, slopeOut[0], slopeOut[1])
          || solvedMove[k] == 0) {
        return false;
      }
      any = true;
    }
    if (any && !liquidationFree(step)) {
      return false;
    }
    // What hedge() and solveHedge() leave.
    beginHedge(years);
    for (int k : book.hedgedAssets) {
      rehedge(k, quietDelta[k]);
    }
    if (!any) {
      return true; // no flow at all: every move is zero and the round is quiet
    }
    takeSolvedHedges();
    // What executeFlows() leaves: no seizure and nothing for sale (the inventory is empty or has
    // no exit left), so an asset's flow is its dealers' units; a solved hedge trades its solved
    // move (on an unlimited exit, which counts no proceeds), the others are zero.
    for (int k = 0; k < n; k++) {
      roundDealerUsd[k] = 0;
      ownImpact[k] = dealerUnits[k] != 0 ? solvedMove[k] : 0;
    }
    // What applyMoves() and readOracles() leave. An asset that does not move is skipped: its f and
    // I would change by a zero at most (the sign of a zero, which no price, delta or oracle sees)
    // and its oracle is not re-read; the moved ones are read as they move (a read involves only
    // its own asset).
    double[] moves = roundMoves();
    for (int k = 0; k < n; k++) {
      double move = moves[k];
      if (move != 0) {
        moveAsset(k, move);
        if (book.oracleLagSteps[k] == 0 && price[k] != oracleReadPrice[k]) {
          readOracle(k);
        }
      }
    }
    oraclesCurrent = true;
    return true;
  }

  /** Iterations of the equilibrium hedge's solve; it gives up (plain round) beyond. */
  private static final int EQUILIBRIUM_ITERATIONS = 20;

  /**
   * A step below this (in log price) ends the solve: with Halley's cubic (at worst Newton's
   * quadratic) convergence the root is then within about 1e-12 / (1 - g) of the step's end, six
   * orders below {@link #QUIET_LOG_MOVE}. (Model 0.3.0 stopped at 1e-7 with Newton, whose quadratic
   * convergence then needed a third evaluation in most solves.)
   */
  private static final double EQUILIBRIUM_STEP = 1e-6;

  /**
   * The equilibrium hedge of a quiet round (docs/model.md, section 3 step 4). With no liquidation
   * and no liquidator sale in the round, the only flow is the dealers' re-hedge, and on a linear
   * curve sales compose exactly (1 / P' = 1 / P + c u, c = 0.01 / d, whatever the split of u), so
   * the rounds that re-hedge until quiet converge to the fixed point P* of
   *
   * <pre>
   *   1 / P* = 1 / P + c (Delta(P*) - H)        H the delta held now
   * </pre>
   *
   * the limit of the plain rounds as tolerance and cap go to their limits (the map 1/P -> 1/P + c
   * (Delta - H) is the round; its gain is g = -c P dDelta/dx). Solving it directly, by Halley's
   * method on x = ln P inside a bracket, replaces those rounds with one. It applies when the root
   * is a stable fixed point (|g| < 1: the rounds would converge to it) and no liquidation can
   * happen on the way (a liquidation between two plain rounds would interleave with the hedge,
   * which the solve would skip): every asset the hedges move, directly or by cross-impact, keeps an
   * oracle above the trigger of its open loans at the lowest price the path can reach (bounded by
   * the plain round's and the solved move), or has liquidations paused. Otherwise the round is
   * plain. Cross-impact of the moves onto other assets is linear and so composes exactly too.
   * Returns false when a hedge moved but the round could not be solved; the caller then runs the
   * rest of the step in plain rounds.
   */
  private boolean solveHedge(int step) {
    if (liquidatorsSell()) {
      return false; // (there are no seizures: the round did not liquidate)
    }
    boolean any = false;
    for (int k : book.hedgedAssets) {
      solvedMove[k] = 0;
      plainMove[k] = 0;
      double units = dealerUnits[k];
      if (units == 0) {
        continue;
      }
      if (!deltaTable.serves(step, k)) {
        return false;
      }
      if (!solveAsset(
          step, k, units, heldBefore[k], heldBookDelta[k], slopeAtStart[k], curvatureAtStart[k])) {
        return false;
      }
      any = true;
    }
    if (!any) {
      return true; // no hedge moved: nothing to solve, nothing failed
    }
    if (!liquidationFree(step)) {
      return false;
    }
    takeSolvedHedges();
    return true;
  }

  /**
   * Solves asset k's hedge for its equilibrium (see {@link #solveHedge}): the dealers hold {@code
   * held} and would trade {@code units} at the round's start, where the book delta is {@code
   * delta}, its slope {@code slope} and its curvature {@code curvature}. On success writes the
   * solved and the plain move and the delta at the root (solvedMove, plainMove, tentativeDelta;
   * scratch, nothing else); false when the root is beyond the curve's rise cap, not found, or not
   * stable.
   */
  private boolean solveAsset(
      int step, int k, double units, double held, double delta, double slope, double curvature) {
    double a = impactScale[k];
    double start = f[k] + impact[k];
    // z = P0 / P: a sale of u on the linear curve adds a u to it, whatever the split of u.
    double zStart = book.initialPrice[k] / price[k];
    double zPlain = zStart + a * units;
    if (!(zPlain * MarketDepth.MAX_BUY_PRICE_MULTIPLE > zStart)) {
      return false; // a purchase beyond the curve's rise cap
    }
    // Halley's method on F(x) = e^-x - z_s - a (Delta(x) - H) from x = s, where F(s) = -a units,
    // inside the bracket [lo, hi]: s on one side; on the other the point where the bounded delta
    // (|Delta| <= gross open interest) can no longer keep up, found only if a step needs it. The
    // table gives Delta's curvature with its slope, so F'' costs nothing more and the convergence
    // is cubic where the root lies in the start's cell of the table: on crypto-lending the second
    // evaluation ends 79% of the solves (1.21 evaluations after the start's, where Newton with
    // the 0.3.0 stop took 1.97).
    double x = start;
    double z = zStart;
    double lo = units > 0 ? Double.NEGATIVE_INFINITY : start;
    double hi = units > 0 ? start : Double.POSITIVE_INFINITY;
    boolean converged = false;
    solves++;
    for (int it = 0; it < EQUILIBRIUM_ITERATIONS; it++) {
      if (it > 0) {
        solveEvaluations++;
        delta = deltaTable.deltaAndSlope(step, k, x, slopeOut);
        slope = slopeOut[0];
        curvature = slopeOut[1];
      }
      double value = z - zStart - a * (delta - held);
      // F falls through a stable root (F' = -z (1 - g) < 0): F > 0 means x is below it.
      boolean below = value > 0;
      lo = below ? x : lo;
      hi = below ? hi : x;
      // Halley: x - 2 F F' / (2 F'^2 - F F''), with F'' = e^-x - a Delta'' (one division); Newton's
      // step F / F' where the correction F F'' / (2 F'^2) exceeds 1/2 (far from the root), the
      // bracket catching the rest.
      double derivative = -z - a * slope;
      double square = derivative * derivative;
      double bend = value * (z - a * curvature);
      double next =
          Math.abs(bend) < square
              ? x - 2 * value * derivative / (2 * square - bend)
              : x - value / derivative;
      if (Math.abs(next - x) < EQUILIBRIUM_STEP) {
        // After a step this small the root is within ~step^2 of next (cubic convergence, and
        // quadratic even where Newton's step was taken), and the delta there is the tangent's
        // to the same order; no further evaluation is needed.
        delta += slope * (next - x);
        x = next;
        converged = true;
        break;
      }
      if (!(next > lo && next < hi)) {
        if (Double.isInfinite(lo) || Double.isInfinite(hi)) {
          double gross = grossOpenInterest[k];
          double zFar = units > 0 ? zStart + a * (gross - held) : zStart - a * (gross + held);
          if (!(zFar > 0)) {
            return false;
          }
          if (units > 0) {
            lo = -Math.log(zFar);
          } else {
            hi = -Math.log(zFar);
          }
        }
        next = 0.5 * (lo + hi);
      }
      x = next;
      z = zStart * expMinus(x - start);
    }
    // The loop gain g = -a slope / z (z = P0 / P > 0): |g| < 1 is a stable root.
    double gainTimesZ = -a * slope;
    double zSolved = zStart + a * (delta - held);
    if (!converged
        || !(Math.abs(gainTimesZ) < z)
        || !(zSolved * MarketDepth.MAX_BUY_PRICE_MULTIPLE > zStart)) {
      return false;
    }
    solvedMove[k] = x - start;
    // With a positive gain the plain rounds approach the root from one side, the solved move
    // is the farthest; with a negative one they overshoot, the first round's move is.
    plainMove[k] = gainTimesZ < 0 ? Math.log(zStart / zPlain) : solvedMove[k];
    tentativeDelta[k] = delta;
    return true;
  }

  /**
   * e^-d: by its Taylor polynomial of degree 7 for |d| <= 0.01 (remainder below 2.5e-21, under the
   * rounding of the result), else {@link Math#exp}. A hedge's move in a quiet round is a few tenths
   * of a percent, so the solve's iterations rarely need the exponential.
   */
  static double expMinus(double d) {
    if (!(Math.abs(d) <= 0.01)) {
      return Math.exp(-d);
    }
    double m = -d;
    return 1
        + m
            * (1
                + m
                    * (1.0 / 2
                        + m
                            * (1.0 / 6
                                + m
                                    * (1.0 / 24
                                        + m * (1.0 / 120 + m * (1.0 / 720 + m * (1.0 / 5040)))))));
  }

  /**
   * True when no open loan can be liquidated at any price the solved or the plain hedge moves pass
   * through: the lowest reachable price of each asset is bounded by the most negative of the two
   * moves (both path ends, the plain one-round move being the farthest a damped oscillation
   * reaches) weighted by cross-impact, and the oracle by that price, its current value and a lag-0
   * TWAP's fall by the same amount.
   *
   * <p>A first pass, with no branch on the moves' signs and no walk of the cross-impact rows,
   * bounds each asset's fall by the largest hedge move times the absolute sum of its row over the
   * hedged assets, which is at most the exact fall; where that clears every asset's loans by {@link
   * #CLEAR_MARGIN} the exact pass would clear them too, and it is skipped (on crypto-lending almost
   * always; the answer, and so every bit, is the exact pass's).
   */
  private boolean liquidationFree(int step) {
    if (book.liquidationsPaused) {
      return true;
    }
    double reach = 0; // the largest |move| of a hedge in this round
    for (int k : book.hedgedAssets) {
      reach = Math.max(reach, Math.max(Math.abs(solvedMove[k]), Math.abs(plainMove[k])));
    }
    boolean clear = reach < Double.POSITIVE_INFINITY; // not for a NaN or infinite move
    for (int j = 0; j < n && clear; j++) {
      double bound = lowestOracle(j, -hedgedRowSum[j] * reach);
      clear &=
          safeOracle[j] == Double.NEGATIVE_INFINITY
              || bound > safeOracle[j] + CLEAR_MARGIN * (Math.abs(oracle[j]) + price[j]);
    }
    if (clear) {
      return true;
    }
    for (int j = 0; j < n; j++) {
      if (safeOracle[j] == Double.NEGATIVE_INFINITY
          || pausedUntilStep[j] >= step
          || !(budgetLeft(j) > 0)) {
        continue; // no open loan, paused, or no liquidation budget left in the step
      }
      // Over the nonzero entries X[j][k] of the row: an asset that did not hedge has zero moves and
      // adds a zero to a sum that starts at +0.
      double low = 0;
      CrossImpactMatrix x = book.crossImpact;
      for (int r = x.rowStart(j); r < x.rowEnd(j); r++) {
        int k = x.rowSource(r);
        double c = x.rowEntry(r);
        low += Math.min(0, Math.min(c * solvedMove[k], c * plainMove[k]));
      }
      if (!(lowestOracle(j, low) > safeOracle[j])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Relative margin (of the oracle and market prices) by which {@link #liquidationFree}'s first
   * pass must clear a trigger: far above the rounding by which its bound and the exact one can
   * differ beyond their order.
   */
  static final double CLEAR_MARGIN = 1e-12;

  /**
   * The lowest oracle price asset j can show after moves whose combined log move on it is at least
   * {@code low} (at most 0): its oracle, and for a live (lag-0) oracle also the market price fallen
   * to P (1 + low) <= P e^low (a lower bound without an exponential) and the oracle fallen by as
   * much. Non-decreasing in {@code low}.
   */
  private double lowestOracle(int j, double low) {
    return lowestOracle(oracle[j], price[j], low, book.oracleLagSteps[j] == 0 || liveOracles);
  }

  /** See {@link #lowestOracle(int, double)}; {@code live}: the oracle reads the current sample. */
  static double lowestOracle(double oracle, double price, double low, boolean live) {
    if (!live || !(low < 0)) {
      return oracle;
    }
    double lowPrice = price * (1 + low);
    return Math.min(Math.min(oracle, lowPrice), oracle - (price - lowPrice));
  }

  /** sum over the options on asset k of sign x OI x delta_BS(spot) at the hedge's time. */
  private double exactBookDelta(int k, double spot, double years) {
    if (years != volatilityYears) {
      for (int i = 0; i < book.options; i++) {
        double v =
            BlackScholes.totalVolatility(book.optionExpiryYears[i] - years, book.optionVol[i]);
        optionTotalVol[i] = v;
        optionHalfVariance[i] = 0.5 * v * v;
      }
      volatilityYears = years;
    }
    double sum = 0;
    for (int j = book.optionAssetStart[k]; j < book.optionAssetStart[k + 1]; j++) {
      int i = book.optionByAsset[j];
      if (book.optionExpired(i, years)) {
        continue; // settled in cash at its expiry: out of the book, its hedge unwound
      }
      sum +=
          book.optionWeight[i]
              * BlackScholes.deltaAt(
                  book.optionCall[i],
                  spot,
                  book.optionStrike[i],
                  optionTotalVol[i],
                  optionHalfVariance[i]);
    }
    return sum;
  }

  private double optionDelta(int i, double spot, double years) {
    return book.optionWeight[i]
        * BlackScholes.delta(
            book.optionType[i],
            spot,
            book.optionStrike[i],
            book.optionExpiryYears[i] - years,
            book.optionVol[i]);
  }

  /**
   * Executes each asset's net flow (dealer units plus liquidation inventory within the exit
   * capacity; seized units of a settlement-delayed asset first wait their delay), then applies
   * cross-impact and splits each move into permanent and transient parts. Returns the largest
   * absolute log move.
   */
  private double execute() {
    executeFlows();
    return applyMoves();
  }

  /** Executes each asset's net flow on its depth curve; own log moves in ownImpact. */
  private void executeFlows() {
    int slot = settlementSlot;
    for (int k = 0; k < n; k++) {
      int delay = book.settlementSteps[k];
      if (delay > 0) {
        settling[((slot + delay) % (book.maxSettlementSteps + 1)) * n + k] += seizedUnits[k];
      } else {
        inventory[k] += seizedUnits[k];
      }
      // min(0, x) with x >= +0 is the (signed) zero itself: no division needed.
      double sellable =
          inventory[k] == 0
              ? inventory[k]
              : Math.min(inventory[k], Math.max(exitLeftUsd[k], 0) / price[k]);
      double units = dealerUnits[k] + sellable;
      roundDealerUsd[k] = 0;
      ownImpact[k] = 0;
      if (units == 0) {
        continue;
      }
      if (solvedRound
          && solvedMove[k] != 0
          && !recordFlows
          && exitLeftUsd[k] == Double.POSITIVE_INFINITY) {
        // The equilibrium's own move: executing the solved units on the linear curve gives it to
        // within the solve's tolerance, and no exit capacity or stress report reads the proceeds.
        ownImpact[k] = solvedMove[k];
        continue;
      }
      boolean ladder = book.depth.isLadder(k);
      double fundamental = ladder ? ladderAnchor(k) : Double.NaN;
      if (recordFlows || exitLeftUsd[k] != Double.POSITIVE_INFINITY) {
        book.depth.execute(k, units, price[k], fundamental, ladderFill[k], execution);
      } else {
        // Proceeds only spend exit capacity (unlimited here) and feed the stress report.
        book.depth.executeForPrice(k, units, price[k], fundamental, ladderFill[k], execution);
      }
      double unsold = units - execution.unitsExecuted;
      double back = Math.min(Math.max(unsold, 0), sellable); // the keeper keeps what found no bid
      inventory[k] -= sellable - back;
      if (exitLeftUsd[k] != Double.POSITIVE_INFINITY) {
        // The exit capacity is the liquidators' channel (a redemption queue, an auction house):
        // their sales spend it, whichever way the dealers' hedge trades; the hedge, which it never
        // holds back, does not. Without dealers the sale's proceeds are theirs.
        if (dealerUnits[k] == 0) {
          if (execution.proceedsUsd > 0) {
            exitLeftUsd[k] -= execution.proceedsUsd;
          }
        } else {
          double sold = Math.max(sellable - back, 0);
          // Crossed with dealers buying (net units <= 0) they sell at the pre-trade price.
          exitLeftUsd[k] -= sold * (units > 0 ? execution.averagePrice : price[k]);
        }
      }
      if (recordFlows) {
        roundDealerUsd[k] = dealerUnits[k] * execution.averagePrice;
      }
      ownImpact[k] = Math.log(execution.endPrice / price[k]);
      if (ladder) {
        ladderFill[k] = Math.max(0, ladderFill[k] + execution.unitsExecuted);
        if (book.permanentFraction[k] != 0) {
          // The part of this move that applyMoves makes permanent (X[k][k] = 1: its own share).
          ownPermanent[k] =
              Math.max(
                  -MAX_LOG_MOVE,
                  Math.min(
                      MAX_LOG_MOVE, ownPermanent[k] + book.permanentFraction[k] * ownImpact[k]));
        }
      }
    }
  }

  /** Cross-impact and the permanent/transient split of this round's own moves; new prices. */
  private double applyMoves() {
    double[] moves = roundMoves();
    double largest = 0;
    for (int k = 0; k < n; k++) {
      double move = moves[k];
      largest = Math.max(largest, Math.abs(move));
      moveAsset(k, move);
    }
    return largest;
  }

  /** This round's log moves: the own moves through cross-impact. */
  private double[] roundMoves() {
    if (book.crossImpact.isIdentity()) {
      return ownImpact;
    }
    book.crossImpact.apply(ownImpact, totalImpact);
    return totalImpact;
  }

  /** Splits asset k's log move into its permanent and transient parts, and reprices the asset. */
  private void moveAsset(int k, double move) {
    double permanent = book.permanentFraction[k] * move;
    f[k] += permanent;
    impact[k] += move - permanent;
    if (move != 0) {
      // A zero move leaves f + I unchanged up to the sign of a zero: exp gives the same price.
      oraclesCurrent = false;
      price[k] = book.initialPrice[k] * Math.exp(f[k] + impact[k]);
      if (price[k] < minPrice[k]) {
        minPrice[k] = price[k];
      }
    }
  }

  /** Shortfall of open loans at the current market prices: sum max(D - Q P, 0). */
  double shortfall() {
    double sum = 0;
    for (int b = 0; b < book.buckets; b++) {
      double gap = debt[b] - quantity[b] * price[book.bucketAsset[b]];
      if (gap > 0) {
        sum += gap;
      }
    }
    return sum;
  }

  /**
   * Round 0 of the stress path: the state at time 0 moved by the shocks ln(1 + shock) in the
   * fundamental; oracles read the live market price from now on (they are assumed to have caught up
   * with the shock); the step's budgets are fresh and the circuit breaker sees the drop.
   */
  void startStress(double[] shockFractions) {
    reset();
    liveOracles = true;
    for (int k = 0; k < n; k++) {
      f[k] += Math.log1p(shockFractions[k]);
    }
    sample = 1;
    updatePrices();
    startStep(0);
  }
}
