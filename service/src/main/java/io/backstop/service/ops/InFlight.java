package io.backstop.service.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The calls in flight, for the drain on shutdown: once {@link #startDraining()} is called, {@link
 * #tryEnter} refuses new calls while those already in flight run on; {@link #awaitIdle(Duration)}
 * waits for them, and {@link #cutAll()} ends those that outlive the drain.
 */
public final class InFlight {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(InFlight.class);
  private final Set<Entry> entries = new LinkedHashSet<>();
  private boolean draining;

  /** A call counted in. */
  public final class Entry {
    private final Runnable cut;

    private Entry(Runnable cut) {
      this.cut = cut;
    }

    /** Counts the call out; a second exit does nothing. */
    public void exit() {
      remove(this);
    }
  }

  /**
   * The entry of a new call, not yet counted in: {@code cut} ends the call if it outlives the drain
   * ({@link #cutAll()}). Made before {@link #tryEnter(Entry)} publishes it, so that a call's cut
   * never meets a call without its entry.
   */
  public Entry entry(Runnable cut) {
    return new Entry(cut);
  }

  /** Counts {@code e}'s call in, unless the server is draining (false). */
  public synchronized boolean tryEnter(Entry e) {
    if (draining) {
      return false;
    }
    entries.add(e);
    return true;
  }

  private synchronized void remove(Entry e) {
    if (entries.remove(e) && entries.isEmpty()) {
      notifyAll();
    }
  }

  public synchronized int count() {
    return entries.size();
  }

  /** Refuses new calls from now on. */
  public synchronized void startDraining() {
    draining = true;
  }

  /** Waits until no call is in flight or {@code timeout} passes; true if idle. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!entries.isEmpty()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long millis = Math.max(1, left / 1_000_000);
      wait(millis);
    }
    return true;
  }

  /** Runs the cut action of every call still in flight (outside the lock: it may exit). */
  public void cutAll() {
    List<Entry> left;
    synchronized (this) {
      left = new ArrayList<>(entries);
    }
    for (Entry e : left) {
      try {
        e.cut.run();
      } catch (RuntimeException | Error failure) {
        // One call's failure to end must not leave the others uncut.
        LOG.errorf(failure, "cutting a call in flight failed");
      }
    }
  }
}
