package io.backstop.core.sim;

/**
 * The circuit breaker's reference price per asset (MODEL.md section 2, controls): the highest
 * oracle price at the step starts of the last W steps, W the breaker's window in steps, kept in
 * O(1) a step as a monotonic queue per asset. The queue holds (sample, price) pairs whose prices
 * fall from the oldest (the window's maximum) to the newest, in the ring [k * capacity + (i mod
 * capacity)] for positions head[k] <= i < tail[k]; a window of W steps holds at most W + 2 entries
 * (W + 1 samples and one that has just left). NaN prices are not queued, the last one's sample is
 * kept instead: a NaN in the window makes the maximum NaN, as a scan with {@link Math#max} would
 * (BreakerWindowTest compares the two to the bit). Owned by one {@link ScenarioWorker}.
 */
final class BreakerWindow {
  private final int windowSteps;
  private final int capacity;
  private final int[] sample;
  private final double[] price;
  private final int[] head;
  private final int[] tail;
  private final int[] lastNaNSample;

  /** Windows of {@code windowSteps} steps for {@code assets} assets. */
  BreakerWindow(int assets, int windowSteps) {
    this.windowSteps = windowSteps;
    capacity = windowSteps + 2;
    sample = new int[capacity * assets];
    price = new double[capacity * assets];
    head = new int[assets];
    tail = new int[assets];
    lastNaNSample = new int[assets];
  }

  /** Time 0: each window holds sample 0 at the asset's initial price. */
  void reset(double[] initialPrice) {
    for (int k = 0; k < head.length; k++) {
      sample[k * capacity] = 0;
      price[k * capacity] = initialPrice[k];
      head[k] = 0;
      tail[k] = 1;
      lastNaNSample[k] = -1;
    }
  }

  /**
   * Asset k's oracle price {@code v} at sample {@code s} enters, the samples past the window leave.
   */
  void enter(int k, int s, double v) {
    int base = k * capacity;
    if (Double.isNaN(v)) {
      lastNaNSample[k] = s;
    } else {
      while (tail[k] > head[k] && price[base + (tail[k] - 1) % capacity] <= v) {
        tail[k]--;
      }
      sample[base + tail[k] % capacity] = s;
      price[base + tail[k] % capacity] = v;
      tail[k]++;
    }
    while (head[k] < tail[k] && sample[base + head[k] % capacity] < s - windowSteps) {
      head[k]++;
    }
  }

  /**
   * The highest oracle price of asset k over samples max(0, s - W) to s, the current sample s (the
   * same maximum as a scan of the window).
   */
  double high(int k, int s) {
    if (lastNaNSample[k] >= s - windowSteps && lastNaNSample[k] >= 0) {
      return Double.NaN;
    }
    return head[k] < tail[k] ? Math.max(0, price[k * capacity + head[k] % capacity]) : 0;
  }
}
