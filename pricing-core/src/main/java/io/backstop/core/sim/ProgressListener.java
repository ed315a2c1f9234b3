package io.backstop.core.sim;

/**
 * Receives progress after each finished scenario block. Called from worker threads, possibly
 * concurrently and, across threads, slightly out of order: keep the maximum {@code done} seen.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores progress. */
  ProgressListener NONE = (done, total) -> {};

  /** {@code done} of {@code total} scenarios are finished. */
  void onProgress(long done, long total);
}
