package io.backstop.service.capacity;

import io.backstop.service.app.BackstopException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Admits simulations by cost so that the server never takes on more than it can finish.
 *
 * <p>A call is admitted at once when nobody is queued, fewer than {@code maxConcurrent} calls run,
 * and its cost fits in what is left of {@code budgetCost}. A call whose cost alone exceeds the
 * budget is admitted when nothing else runs: the published request limits, not the budget, decide
 * what is a valid request; the budget only decides what runs together. Otherwise the call waits in
 * a first-in-first-out queue of at most {@code queueSize} calls for at most {@code queueTimeout}
 * (or its own deadline, if sooner), and is then refused with {@link BackstopException.AtCapacity}
 * carrying retry advice. A full queue refuses at once.
 *
 * <p>No call starves: the queue is strictly FIFO, so a small call never overtakes a large one at
 * the head and a large one is never passed over forever by a stream of small ones; each caller
 * waits at most the queue timeout and is then told to retry. The price is head-of-line blocking,
 * bounded by the same timeout.
 *
 * <p>Callbacks ({@link Waiter}) run outside the lock, on the admitting caller's thread, on the
 * thread releasing a permit, or on the timer thread: they must only hand work off.
 */
public final class AdmissionController {

  /** Limits of the controller. */
  public record Settings(
      long budgetCost,
      int maxConcurrent,
      int queueSize,
      Duration queueTimeout,
      Duration retryAfter) {
    public Settings {
      if (budgetCost <= 0 || maxConcurrent <= 0 || queueSize < 0) {
        throw new IllegalArgumentException(
            "budgetCost and maxConcurrent must be positive and queueSize >= 0, were "
                + budgetCost
                + ", "
                + maxConcurrent
                + ", "
                + queueSize);
      }
    }
  }

  /** Why a call was refused; a metrics label. */
  public enum Refusal {
    QUEUE_FULL,
    QUEUE_TIMEOUT,
    DEADLINE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Receives the outcome of {@link #admit}: exactly one of the two methods is called, once. */
  public interface Waiter {
    void admitted(Permit permit);

    void refused(BackstopException failure, Refusal reason);
  }

  /** The right to run; {@link #close()} returns the capacity (idempotent). */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** A queued or admitted request; {@link #withdraw()} takes a queued one out of the queue. */
  public interface Ticket {
    /** True if the call was still queued and now never will be admitted nor refused. */
    boolean withdraw();
  }

  private final Settings settings;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private long usedCost;
  private int running;

  public AdmissionController(Settings settings, ScheduledExecutorService timer) {
    this.settings = settings;
    this.timer = timer;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Asks to run work of {@code cost}; the waiter learns the outcome. {@code timeLeftNanos} is the
   * call's own deadline from now ({@link Long#MAX_VALUE}: none).
   */
  public Ticket admit(long cost, long timeLeftNanos, Waiter waiter) {
    long c = Math.max(0, cost);
    Entry entry = new Entry(c, waiter);
    boolean now = false;
    boolean full = false;
    synchronized (lock) {
      if (queue.isEmpty() && fits(c)) {
        take(c);
        now = true;
      } else if (queue.size() >= settings.queueSize()) {
        full = true;
      } else {
        queue.addLast(entry);
      }
    }
    if (now) {
      waiter.admitted(new PermitImpl(c));
      return () -> false;
    }
    if (full) {
      waiter.refused(
          atCapacity(
              "the server is at capacity and "
                  + settings.queueSize()
                  + " calls are already waiting"),
          Refusal.QUEUE_FULL);
      return () -> false;
    }
    long queueNanos = settings.queueTimeout().toNanos();
    boolean deadlineFirst = timeLeftNanos < queueNanos;
    long wait = Math.max(0, Math.min(queueNanos, timeLeftNanos));
    entry.expiry = timer.schedule(() -> expire(entry, deadlineFirst), wait, TimeUnit.NANOSECONDS);
    return entry;
  }

  /** Calls running now. */
  public int running() {
    synchronized (lock) {
      return running;
    }
  }

  /** Calls waiting now. */
  public int queued() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** Cost of the calls running now. */
  public long usedCost() {
    synchronized (lock) {
      return usedCost;
    }
  }

  private boolean fits(long cost) {
    if (running >= settings.maxConcurrent()) {
      return false;
    }
    return running == 0 || cost <= settings.budgetCost() - usedCost;
  }

  private void take(long cost) {
    running++;
    usedCost += cost;
  }

  private void release(long cost) {
    List<Entry> granted = new ArrayList<>(1);
    synchronized (lock) {
      running--;
      usedCost -= cost;
      while (!queue.isEmpty() && fits(queue.peekFirst().cost)) {
        Entry head = queue.pollFirst();
        take(head.cost);
        granted.add(head);
      }
    }
    for (Entry e : granted) {
      e.cancelTimer();
      e.waiter.admitted(new PermitImpl(e.cost));
    }
  }

  private void expire(Entry entry, boolean deadline) {
    boolean removed;
    synchronized (lock) {
      removed = queue.remove(entry);
    }
    if (!removed) {
      return;
    }
    if (deadline) {
      entry.waiter.refused(
          new BackstopException.DeadlineExceeded(
              "the call's deadline passed while it waited for capacity; the server is busy,"
                  + " retry with a longer deadline or later"),
          Refusal.DEADLINE);
    } else {
      entry.waiter.refused(
          atCapacity(
              "the server is at capacity: the call waited "
                  + settings.queueTimeout().toMillis()
                  + " ms in the queue without being admitted"),
          Refusal.QUEUE_TIMEOUT);
    }
  }

  private BackstopException.AtCapacity atCapacity(String why) {
    return new BackstopException.AtCapacity(
        why + "; retry after " + settings.retryAfter().toMillis() + " ms", settings.retryAfter());
  }

  private final class Entry implements Ticket {
    final long cost;
    final Waiter waiter;
    volatile ScheduledFuture<?> expiry;

    Entry(long cost, Waiter waiter) {
      this.cost = cost;
      this.waiter = waiter;
    }

    void cancelTimer() {
      ScheduledFuture<?> f = expiry;
      if (f != null) {
        f.cancel(false);
      }
    }

    @Override
    public boolean withdraw() {
      boolean removed;
      synchronized (lock) {
        removed = queue.remove(this);
      }
      if (removed) {
        cancelTimer();
      }
      return removed;
    }
  }

  private final class PermitImpl implements Permit {
    private final long cost;
    private boolean closed;

    PermitImpl(long cost) {
      this.cost = cost;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(cost);
    }
  }
}
