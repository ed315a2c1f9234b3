package io.backstop.service.robustness;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.FieldViolation;
import io.backstop.service.app.PricingApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Thousands of randomly mutated requests straight into the application (no server): every outcome
 * is a result, INVALID_ARGUMENT naming top-level fields, or a stop at the case's time budget; never
 * another exception (every RPC is implemented: UNIMPLEMENTED would be a failure). Seeded: a failure
 * names the case and its mutations.
 */
class ApplicationFuzzTest {
  static final long SEED = 20261125L;
  static final int CASES = 3_000;

  /** Time each case may spend in the engine, and in all cases together. */
  static final long CASE_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  static final long TOTAL_ENGINE_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(20);

  @Test
  void mutatedRequestsNeverCrashTheApplication() {
    var application = PricingApplication.standalone(io.backstop.core.sim.Parallelism.sequential());
    Mutations mutations = new Mutations();
    Random random = new Random(SEED);
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long engineNanos = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < CASES; i++) {
      Mutations.Case c = mutations.next(random, i);
      long budget = Math.min(CASE_BUDGET_NANOS, TOTAL_ENGINE_BUDGET_NANOS - engineNanos);
      long start = System.nanoTime();
      String outcome;
      try {
        call(application, c, new Budgeted(start + budget));
        outcome = "OK";
      } catch (BackstopException.InvalidRequest e) {
        outcome = "INVALID_ARGUMENT";
        String bad = checkViolations(c.request(), e.violations());
        if (bad != null) {
          failures.add(Mutations.describe(c) + " -> " + bad);
        }
      } catch (BackstopException.Cancelled | BackstopException.DeadlineExceeded e) {
        outcome = "STOPPED";
      } catch (BackstopException e) {
        outcome = e.getClass().getSimpleName();
        failures.add(Mutations.describe(c) + " -> unexpected " + e);
      } catch (RuntimeException | StackOverflowError e) {
        outcome = "CRASH";
        failures.add(Mutations.describe(c) + " -> " + e + " at " + top(e));
      }
      if (!outcome.equals("INVALID_ARGUMENT")) {
        engineNanos += System.nanoTime() - start;
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    System.out.printf(
        "application fuzz: %d cases in %d ms: %s%n",
        CASES, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), outcomes);
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " failures, first:\n"
            + String.join("\n", failures.stream().limit(10).toList()));
  }

  static void call(PricingApplication app, Mutations.Case c, CallContext context) {
    if (c.request() instanceof QuoteCoverRequest q) {
      app.quote(q, context);
    } else if (c.request() instanceof AssessCollateralRequest a) {
      app.assessCollateral(a, context);
    } else {
      app.stress((StressTestRequest) c.request(), context);
    }
  }

  @Test
  void violationPathsAreResolvedAgainstTheRequestMessage() {
    var quote = io.backstop.proto.v1.QuoteCoverRequest.getDescriptor();
    assertNull(Mutations.unresolved(quote, "exposure.assets[2].annual_volatility"));
    assertNull(
        Mutations.unresolved(quote, "exposure.assets[0].liquidity.bid_ladder.levels[3].price_usd"));
    assertNull(Mutations.unresolved(quote, "settings.step_minutes"));
    assertNotNull(Mutations.unresolved(quote, "exposure.assets[0].annualVolatility"));
    assertNotNull(Mutations.unresolved(quote, "exposure.assets.annual_volatility"));
    assertNotNull(Mutations.unresolved(quote, "settings[0].step_minutes"));
    assertNotNull(Mutations.unresolved(quote, "cover.attachment_usd.value"));
  }

  /** Null if the violations are well formed, else what is wrong with them. */
  static String checkViolations(
      com.google.protobuf.Message request, List<FieldViolation> violations) {
    if (violations.isEmpty()) {
      return "INVALID_ARGUMENT without field violations";
    }
    for (FieldViolation v : violations) {
      String top = v.field().split("[.\\[]", 2)[0];
      if (!Mutations.TOP_LEVEL.contains(top)) {
        return "field path " + v.field() + " outside the request";
      }
      String unresolved = Mutations.unresolved(request.getDescriptorForType(), v.field());
      if (unresolved != null) {
        return unresolved;
      }
      if (v.description() == null || v.description().isBlank()) {
        return "no description for " + v.field();
      }
    }
    return null;
  }

  static String top(Throwable e) {
    StackTraceElement[] st = e.getStackTrace();
    return st.length == 0 ? "?" : st[0].toString();
  }

  /** A call context that stops the work at a fixed instant. */
  record Budgeted(long stopAtNanos) implements CallContext {
    @Override
    public Consumer<QuoteProgress> progress() {
      return p -> {};
    }

    @Override
    public boolean isCancelled() {
      return System.nanoTime() - stopAtNanos >= 0;
    }

    @Override
    public void checkAlive() {
      if (isCancelled()) {
        throw new BackstopException.DeadlineExceeded("the test's time budget for this case");
      }
    }
  }
}
