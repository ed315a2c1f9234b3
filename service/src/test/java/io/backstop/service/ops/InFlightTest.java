package io.backstop.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The drain: refuse new calls, let those in flight finish, give up after the timeout. */
class InFlightTest {

  @Test
  void drainingRefusesNewCallsAndWaitsForThoseInFlight() throws Exception {
    InFlight inFlight = new InFlight();
    assertTrue(inFlight.tryEnter());
    assertTrue(inFlight.tryEnter());
    CountDownLatch draining = new CountDownLatch(1);
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              inFlight.startDraining();
              draining.countDown();
              return GracefulShutdown.drain(inFlight, Duration.ofSeconds(30));
            });
    assertTrue(draining.await(5, TimeUnit.SECONDS));
    assertFalse(inFlight.tryEnter(), "new calls are refused while draining");
    inFlight.exit();
    assertFalse(drained.isDone() && drained.get(), "one call still in flight");
    inFlight.exit();
    assertTrue(drained.get(5, TimeUnit.SECONDS), "drained once the last call finished");
    assertEquals(0, inFlight.count());
  }

  @Test
  void theDrainGivesUpAfterItsTimeout() throws Exception {
    InFlight inFlight = new InFlight();
    assertTrue(inFlight.tryEnter());
    long t0 = System.nanoTime();
    assertFalse(GracefulShutdown.drain(inFlight, Duration.ofMillis(50)));
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50));
    assertEquals(1, inFlight.count());
  }

  @Test
  void anIdleServerDrainsAtOnce() throws Exception {
    InFlight inFlight = new InFlight();
    assertTrue(GracefulShutdown.drain(inFlight, Duration.ofSeconds(30)));
    assertFalse(inFlight.tryEnter());
  }
}
