package io.backstop.service.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.backstop.core.sim.Parallelism;
import io.backstop.proto.v1.QuoteCoverResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * MODEL.md section 8: the same request and seed give identical bytes out at one thread and at
 * several, provenance timing aside.
 */
class DeterminismTest {

  private static byte[] quoteBytes(Parallelism parallelism) throws Exception {
    var app = PricingApplication.standalone(parallelism);
    var request = RequestValidationTest.example("crypto-lending.json").toBuilder();
    request.getSettingsBuilder().setScenarios(600);
    QuoteCoverResponse response = app.quote(request.build(), CallContext.detached());
    var withoutTiming = response.toBuilder();
    withoutTiming.getProvenanceBuilder().clearElapsedMillis();
    return withoutTiming.build().toByteArray();
  }

  @Test
  void sameRequestAndSeedGiveIdenticalBytesAtOneAndAtFourThreads() throws Exception {
    byte[] sequential = quoteBytes(Parallelism.sequential());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      byte[] parallel = quoteBytes(new Parallelism(pool, 4));
      assertArrayEquals(sequential, parallel);
      assertFalse(sequential.length == 0);
    } finally {
      pool.shutdownNow();
    }
  }
}
