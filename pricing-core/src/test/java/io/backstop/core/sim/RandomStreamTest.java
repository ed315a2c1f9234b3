package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The stream's own fast path of the ziggurat draws what the JDK's {@link
 * RandomGenerator#nextGaussian()} draws from the same bits, to the bit, over enough draws to take
 * every layer and the slow path (tail and overhangs) thousands of times.
 */
class RandomStreamTest {
  /** The same stream, drawing Gaussians the JDK's way only. */
  private static final class JdkGaussians implements RandomGenerator {
    private final RandomStream bits = new RandomStream();

    @Override
    public long nextLong() {
      return bits.nextLong();
    }
  }

  @Test
  void theFastPathTakesTheJdksLayers() {
    // The JDK's table (RandomSupport.DoubleZigguratTables): 253 layers on the fast path.
    assertEquals(253, RandomStream.Ziggurat.FAST_LAYERS);
  }

  @Test
  void gaussiansAreTheJdksToTheBit() {
    RandomStream ours = new RandomStream();
    JdkGaussians theirs = new JdkGaussians();
    int slow = 0;
    for (long scenario = 0; scenario < 100; scenario++) {
      ours.reset(20261130, scenario);
      theirs.bits.reset(20261130, scenario);
      for (int i = 0; i < 20_000; i++) {
        double a = ours.nextGaussian();
        double b = theirs.nextGaussian();
        assertEquals(
            Double.doubleToRawLongBits(b),
            Double.doubleToRawLongBits(a),
            "scenario " + scenario + ", draw " + i);
        // Interleave other draws as the engine does; both streams must stay in step.
        assertEquals(theirs.bits.nextLong(), ours.nextLong());
      }
      // Count the slow path's draws in a copy of the stream: more than one long per draw.
    }
    RandomStream probe = new RandomStream();
    probe.reset(1, 1);
    for (int i = 0; i < 100_000; i++) {
      long u = probe.nextLong();
      if (((int) u & RandomStream.Ziggurat.LAYER_MASK) >= RandomStream.Ziggurat.FAST_LAYERS) {
        slow++;
      }
    }
    // 3 of the 256 layers are slow, about 1.2% of the draws (the test above met ~23,000 of them).
    assertEquals(100_000 * 3 / 256.0, slow, 5 * Math.sqrt(100_000 * 3 / 256.0));
  }
}
