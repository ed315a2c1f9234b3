package io.backstop.core.sim;

/** Sees the state after each cascade round; used by the stress path to record it. */
interface RoundObserver {
  /** Called after round {@code round} (1-based within the step) with the worker's state. */
  void afterRound(int round, ScenarioWorker worker);
}
