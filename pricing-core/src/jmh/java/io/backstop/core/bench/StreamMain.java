package io.backstop.core.bench;

import java.util.Arrays;

/**
 * A STREAM-like triad a[i] = b[i] + s c[i] over arrays far larger than the caches (3 x 16 M
 * doubles, 384 MB), on 1 and on 2 threads (each its own half), best of 10 passes: the memory
 * bandwidth the machine-limit estimate of docs/performance.md uses. Counts 24 bytes per element
 * (two reads, one write; write-allocate traffic not counted, as STREAM does). Run with {@code
 * -Xmx1g}.
 */
public final class StreamMain {
  private StreamMain() {}

  /** Entry point. */
  public static void main(String[] args) throws InterruptedException {
    int n = 16 << 20;
    double[] a = new double[n];
    double[] b = new double[n];
    double[] c = new double[n];
    Arrays.fill(b, 1.0);
    Arrays.fill(c, 2.0);
    for (int threads = 1; threads <= 2; threads++) {
      double best = Double.POSITIVE_INFINITY;
      for (int pass = 0; pass < 10; pass++) {
        Thread[] ts = new Thread[threads];
        int chunk = n / threads;
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
          int from = t * chunk;
          int to = t == threads - 1 ? n : from + chunk;
          ts[t] = new Thread(() -> triad(a, b, c, 3.0, from, to));
          ts[t].start();
        }
        for (Thread t : ts) {
          t.join();
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      System.out.printf(
          "triad, %d thread(s): %.1f GB/s (best of 10, %.1f ms per pass)%n",
          threads, 24.0 * n / best / 1e9, best * 1e3);
    }
    System.out.println("check " + a[n / 2]);
  }

  private static void triad(double[] a, double[] b, double[] c, double s, int from, int to) {
    for (int i = from; i < to; i++) {
      a[i] = b[i] + s * c[i];
    }
  }
}
