package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The timer that holds each call's deadline drops a cancelled deadline at once: a call that ends
 * cancels its timer task, and a client's deadline may be years away (grpc-timeout allows 99,999,999
 * hours), so a queue that kept cancelled tasks until their time grew with every call (a soak audit:
 * 43,000 tasks after 40,000 calls with 10^6 s deadlines).
 */
class DeadlineTimerTest {
  @Test
  void aCancelledDeadlineLeavesTheTimersQueue() {
    ScheduledExecutorService timer = new ApplicationProducer().timer();
    try {
      for (int i = 0; i < 1_000; i++) {
        ScheduledFuture<?> deadline = timer.schedule(() -> {}, 1_000_000, TimeUnit.SECONDS);
        deadline.cancel(false); // as CallRunner ends a call
      }
      assertEquals(0, ((ScheduledThreadPoolExecutor) timer).getQueue().size());
    } finally {
      timer.shutdownNow();
    }
  }
}
