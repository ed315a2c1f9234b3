package io.backstop.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The drain: refuse new calls, let those in flight finish, give up after the timeout and cut the
 * calls left.
 */
class InFlightTest {

  /** The call's entry if it was counted in, else null. */
  private static InFlight.Entry enter(InFlight inFlight, Runnable cut) {
    InFlight.Entry e = inFlight.entry(cut);
    return inFlight.tryEnter(e) ? e : null;
  }

  @Test
  void drainingRefusesNewCallsAndWaitsForThoseInFlight() throws Exception {
    InFlight inFlight = new InFlight();
    InFlight.Entry first = enter(inFlight, () -> {});
    InFlight.Entry second = enter(inFlight, () -> {});
    assertNotNull(first);
    assertNotNull(second);
    CountDownLatch draining = new CountDownLatch(1);
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              inFlight.startDraining();
              draining.countDown();
              return GracefulShutdown.drain(inFlight, Duration.ofSeconds(30));
            });
    assertTrue(draining.await(5, TimeUnit.SECONDS));
    assertNull(enter(inFlight, () -> {}), "new calls are refused while draining");
    first.exit();
    first.exit(); // a second exit of the same call does not count another call out
    assertFalse(drained.isDone() && drained.get(), "one call still in flight");
    second.exit();
    assertTrue(drained.get(5, TimeUnit.SECONDS), "drained once the last call finished");
    assertEquals(0, inFlight.count());
  }

  @Test
  void theDrainGivesUpAfterItsTimeoutAndCutsTheCallsLeft() throws Exception {
    InFlight inFlight = new InFlight();
    List<String> cut = new ArrayList<>();
    InFlight.Entry[] entries = new InFlight.Entry[2];
    entries[0] = enter(inFlight, () -> cut.add("first"));
    entries[1] =
        enter(
            inFlight,
            () -> {
              cut.add("second");
              entries[1].exit(); // a cut call counts itself out
            });
    entries[0].exit();
    long t0 = System.nanoTime();
    assertFalse(GracefulShutdown.drain(inFlight, Duration.ofMillis(50)));
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50));
    assertEquals(1, inFlight.count());
    inFlight.cutAll();
    assertEquals(List.of("second"), cut, "only the call still in flight is cut");
    assertEquals(0, inFlight.count());
  }

  @Test
  void anIdleServerDrainsAtOnce() throws Exception {
    InFlight inFlight = new InFlight();
    assertTrue(GracefulShutdown.drain(inFlight, Duration.ofSeconds(30)));
    assertNull(enter(inFlight, () -> {}));
  }
}
