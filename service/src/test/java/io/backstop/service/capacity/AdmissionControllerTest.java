package io.backstop.service.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.Asset;
import io.backstop.proto.v1.AssetClass;
import io.backstop.proto.v1.Liquidity;
import io.backstop.proto.v1.LoanBucket;
import io.backstop.proto.v1.ProtocolExposure;
import io.backstop.proto.v1.RunSettings;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.ProtoMapper;
import io.backstop.service.app.RequestCost;
import io.backstop.service.app.RequestLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission by cost, FIFO and refusal. Deterministic: outcomes are read from queues the waiters
 * fill synchronously; the only timed waits are the queue timeouts under test.
 */
class AdmissionControllerTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** Records the outcome of one admission. */
  static final class Outcome implements AdmissionController.Waiter {
    final BlockingQueue<Object> result = new LinkedBlockingQueue<>();

    @Override
    public void admitted(AdmissionController.Permit permit) {
      result.add(permit);
    }

    @Override
    public void refused(BackstopException failure, AdmissionController.Refusal reason) {
      result.add(new Object[] {failure, reason});
    }

    AdmissionController.Permit permitNow() {
      Object o = result.poll();
      assertInstanceOf(AdmissionController.Permit.class, o, "expected a permit, got " + o);
      return (AdmissionController.Permit) o;
    }

    boolean pending() {
      return result.isEmpty();
    }

    Object[] refusal(long timeoutMillis) throws InterruptedException {
      Object o = result.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      assertInstanceOf(Object[].class, o, "expected a refusal, got " + o);
      return (Object[]) o;
    }
  }

  private AdmissionController controller(long budget, int concurrent, int queue, long timeoutMs) {
    return new AdmissionController(
        new AdmissionController.Settings(
            budget, concurrent, queue, Duration.ofMillis(timeoutMs), Duration.ofMillis(500)),
        timer);
  }

  @Test
  void admitsWithinTheBudgetAndQueuesBeyondIt() {
    var c = controller(100, 4, 8, 60_000);
    Outcome a = new Outcome();
    Outcome b = new Outcome();
    Outcome d = new Outcome();
    c.admit(60, Long.MAX_VALUE, a);
    c.admit(40, Long.MAX_VALUE, b);
    c.admit(10, Long.MAX_VALUE, d);
    var pa = a.permitNow();
    var pb = b.permitNow();
    assertTrue(d.pending(), "over budget: waits");
    assertEquals(100, c.usedCost());
    assertEquals(1, c.queued());
    pa.close();
    d.permitNow();
    pa.close(); // idempotent
    assertEquals(50, c.usedCost());
    pb.close();
  }

  @Test
  void aRequestLargerThanTheBudgetRunsAloneAndIsNotRefused() {
    var c = controller(100, 4, 8, 60_000);
    Outcome small = new Outcome();
    Outcome huge = new Outcome();
    Outcome after = new Outcome();
    c.admit(10, Long.MAX_VALUE, small);
    c.admit(1_000, Long.MAX_VALUE, huge);
    c.admit(1, Long.MAX_VALUE, after);
    var ps = small.permitNow();
    assertTrue(huge.pending());
    assertTrue(after.pending(), "FIFO: the small call behind the huge one does not overtake it");
    ps.close();
    var ph = huge.permitNow();
    assertTrue(after.pending(), "the huge call runs alone");
    ph.close();
    after.permitNow().close();
    assertEquals(0, c.running());
  }

  @Test
  void concurrencyIsBoundedWhateverTheCost() {
    var c = controller(1_000_000, 2, 8, 60_000);
    List<Outcome> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Outcome o = new Outcome();
      c.admit(1, Long.MAX_VALUE, o);
      calls.add(o);
    }
    var p0 = calls.get(0).permitNow();
    calls.get(1).permitNow();
    assertTrue(calls.get(2).pending());
    p0.close();
    calls.get(2).permitNow();
  }

  @Test
  void aFullQueueRefusesAtOnceWithRetryAdvice() {
    var c = controller(10, 1, 1, 60_000);
    Outcome running = new Outcome();
    Outcome queued = new Outcome();
    Outcome refused = new Outcome();
    c.admit(10, Long.MAX_VALUE, running);
    c.admit(10, Long.MAX_VALUE, queued);
    c.admit(10, Long.MAX_VALUE, refused);
    Object[] r = (Object[]) refused.result.poll();
    assertNotNull(r, "refused synchronously");
    var atCapacity = assertInstanceOf(BackstopException.AtCapacity.class, r[0]);
    assertEquals(Duration.ofMillis(500), atCapacity.retryAfter());
    assertEquals(AdmissionController.Refusal.QUEUE_FULL, r[1]);
    assertTrue(queued.pending());
  }

  @Test
  void aQueuedCallIsRefusedAfterTheQueueTimeout() throws Exception {
    var c = controller(10, 1, 4, 50);
    Outcome running = new Outcome();
    Outcome waiting = new Outcome();
    c.admit(10, Long.MAX_VALUE, running);
    var permit = running.permitNow();
    long t0 = System.nanoTime();
    c.admit(1, Long.MAX_VALUE, waiting);
    Object[] r = waiting.refusal(5_000);
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50));
    assertInstanceOf(BackstopException.AtCapacity.class, r[0]);
    assertEquals(AdmissionController.Refusal.QUEUE_TIMEOUT, r[1]);
    assertEquals(0, c.queued());
    permit.close();
    assertEquals(0, c.running(), "the expired call was never admitted");
  }

  @Test
  void aQueuedCallWhoseDeadlineComesFirstIsRefusedWithDeadlineExceeded() throws Exception {
    var c = controller(10, 1, 4, 60_000);
    Outcome running = new Outcome();
    Outcome waiting = new Outcome();
    c.admit(10, Long.MAX_VALUE, running);
    c.admit(1, TimeUnit.MILLISECONDS.toNanos(30), waiting);
    Object[] r = waiting.refusal(5_000);
    assertInstanceOf(BackstopException.DeadlineExceeded.class, r[0]);
    assertEquals(AdmissionController.Refusal.DEADLINE, r[1]);
  }

  @Test
  void aWithdrawnCallLeavesTheQueueAndIsNeverAdmitted() {
    var c = controller(10, 1, 4, 60_000);
    Outcome running = new Outcome();
    Outcome withdrawn = new Outcome();
    Outcome next = new Outcome();
    c.admit(10, Long.MAX_VALUE, running);
    var ticket = c.admit(10, Long.MAX_VALUE, withdrawn);
    c.admit(10, Long.MAX_VALUE, next);
    assertTrue(ticket.withdraw());
    assertFalse(ticket.withdraw());
    running.permitNow().close();
    assertNull(withdrawn.result.poll());
    next.permitNow();
  }

  @Test
  void smallCallsBehindALargeOneAreServedInOrderAndNoneStarves() {
    // A stream of small calls keeps the budget busy; the large call at the head of the queue is
    // admitted as soon as the calls running before it have finished, and the small ones behind
    // it follow in arrival order.
    var c = controller(100, 8, 64, 60_000);
    List<AdmissionController.Permit> running = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Outcome o = new Outcome();
      c.admit(20, Long.MAX_VALUE, o);
      running.add(o.permitNow());
    }
    Outcome large = new Outcome();
    c.admit(90, Long.MAX_VALUE, large);
    List<Outcome> smallAfter = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Outcome o = new Outcome();
      c.admit(20, Long.MAX_VALUE, o);
      smallAfter.add(o);
    }
    for (int i = 0; i < 4; i++) {
      running.get(i).close();
      assertTrue(large.pending(), "90 does not fit beside 20 of 100 yet");
      assertTrue(smallAfter.get(0).pending(), "no overtaking");
    }
    running.get(4).close();
    var pl = large.permitNow();
    assertTrue(smallAfter.get(0).pending());
    pl.close();
    for (Outcome o : smallAfter) {
      o.permitNow();
    }
  }

  @Test
  void costIsTheEstimatedEngineWorkOfTheCall() {
    ProtocolExposure exposure =
        ProtocolExposure.newBuilder()
            .addAssets(
                Asset.newBuilder()
                    .setId("ETH")
                    .setAssetClass(AssetClass.ASSET_CLASS_CRYPTO)
                    .setPriceUsd(3000)
                    .setAnnualVolatility(0.8))
            .addLoanBuckets(
                LoanBucket.newBuilder()
                    .setCollateralAssetId("ETH")
                    .setCollateralQuantity(100)
                    .setDebtUsd(150_000))
            .build();
    RequestLimits limits = RequestLimits.DEFAULT;
    long quote = RequestCost.ofQuote(exposure, RunSettings.getDefaultInstance(), limits);
    long collateral = RequestCost.ofCollateral(exposure, RunSettings.getDefaultInstance(), limits);
    // A quote is its 10,000 x 96 Monte Carlo plus the collateral's runs (one step each here).
    assertTrue(collateral > 0 && quote > collateral, quote + " " + collateral);
    // Linear in scenarios but for the fixed cost of each of its 7 runs (1.5 ms): main run, and per
    // regime one exogenous and one cascade run of one step.
    long twice =
        RequestCost.ofQuote(
            exposure, RunSettings.newBuilder().setScenarios(20_000).build(), limits);
    assertEquals(2 * quote - 7 * 1_500_000L, twice, 2, quote + " " + twice);
    // Over the published size limits the book is not walked: validation refuses it.
    ProtocolExposure.Builder tooMany = exposure.toBuilder();
    for (int i = 0; i < limits.maxAssets(); i++) {
      tooMany.addAssets(exposure.getAssets(0).toBuilder().setId("A" + i));
    }
    assertEquals(
        RequestCost.OVER_LIMITS,
        RequestCost.ofQuote(tooMany.build(), RunSettings.getDefaultInstance(), limits));
    assertEquals(
        Long.MAX_VALUE, RequestCost.saturatingAdd(Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE / 2 + 1));
  }

  @Test
  void anyMessageGetsAFiniteCostWithoutAnException() {
    RequestLimits limits = RequestLimits.DEFAULT;
    // Work past the published limit, saturated or not, is refused by validation at once: it costs
    // the least, so it never waits for the server to empty while the queue waits behind it.
    RunSettings huge =
        RunSettings.newBuilder().setScenarios(Integer.MAX_VALUE).setHorizonHours(1e300).build();
    ProtocolExposure book =
        ProtocolExposure.newBuilder()
            .addAssets(Asset.newBuilder().setId("X"))
            .addLoanBuckets(LoanBucket.newBuilder().setCollateralAssetId("X"))
            .build();
    assertEquals(
        Long.MAX_VALUE,
        RequestCost.quote(ProtoMapper.exposure(book), ProtoMapper.settings(huge)).total());
    assertEquals(RequestCost.OVER_LIMITS, RequestCost.ofQuote(book, huge, limits));
    assertEquals(RequestCost.OVER_LIMITS, RequestCost.ofCollateral(book, huge, limits));
    assertTrue(RequestCost.ofStress(book, limits.maxRounds(), limits) > RequestCost.OVER_LIMITS);
    assertEquals(
        RequestCost.OVER_LIMITS, RequestCost.ofStress(book, limits.maxRounds() + 1, limits));
    // Unset class, zero or NaN fields, negative counts: an estimate, never an exception.
    RunSettings nan = RunSettings.newBuilder().setHorizonHours(Double.NaN).build();
    ProtocolExposure garbage =
        ProtocolExposure.newBuilder()
            .addAssets(
                Asset.newBuilder()
                    .setId("X")
                    .setPriceUsd(Double.NaN)
                    .setLiquidity(Liquidity.newBuilder().setExitCapacityUsdPerHour(-1)))
            .addLoanBuckets(
                LoanBucket.newBuilder()
                    .setCollateralAssetId("X")
                    .setCount(-3)
                    .setCollateralQuantity(Double.POSITIVE_INFINITY))
            .build();
    // A NaN horizon is refused by validation at once: it costs the least, not the most.
    assertEquals(RequestCost.OVER_LIMITS, RequestCost.ofQuote(garbage, nan, limits));
    for (RunSettings s : java.util.List.of(nan, RunSettings.getDefaultInstance(), huge)) {
      assertTrue(RequestCost.ofQuote(garbage, s, limits) > 0);
      assertTrue(RequestCost.ofCollateral(garbage, s, limits) >= 0);
    }
    assertTrue(RequestCost.ofStress(garbage, -5, limits) > 0);
  }
}
