package io.backstop.service.ops;

import java.time.Duration;

/**
 * Counts the calls in flight and drains them on shutdown: once {@link #startDraining()} is called,
 * {@link #tryEnter()} refuses new calls while those already in flight run on; {@link
 * #awaitIdle(Duration)} waits for them.
 */
public final class InFlight {
  private int count;
  private boolean draining;

  /** Counts a new call in, unless the server is draining. */
  public synchronized boolean tryEnter() {
    if (draining) {
      return false;
    }
    count++;
    return true;
  }

  /** Counts a call out (exactly once per successful {@link #tryEnter()}). */
  public synchronized void exit() {
    count--;
    if (count == 0) {
      notifyAll();
    }
  }

  public synchronized int count() {
    return count;
  }

  public synchronized boolean draining() {
    return draining;
  }

  /** Refuses new calls from now on. */
  public synchronized void startDraining() {
    draining = true;
  }

  /** Waits until no call is in flight or {@code timeout} passes; true if idle. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (count > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long millis = Math.max(1, left / 1_000_000);
      wait(millis);
    }
    return true;
  }
}
