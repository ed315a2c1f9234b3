package io.backstop.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.backstop.core.sim.Parallelism;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.service.app.PricingApplication;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The warm-up's health states and its ends: done, stopped, failed. */
class WarmUpTest {
  private final GrpcHealthStorage health = new GrpcHealthStorage();
  private final PricingApplication application =
      PricingApplication.standalone(Parallelism.sequential());

  private ServingStatus status(String service) {
    return health.statusForService(service).getStatus();
  }

  private List<ServingStatus> statuses() {
    return WarmUp.SERVICES.stream().map(this::status).toList();
  }

  @Test
  void holdsNotServingWhileItPricesThenServes() {
    health.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, ServingStatus.SERVING);
    List<List<ServingStatus>> seen = new ArrayList<>();
    WarmUp w = new WarmUp(application, health, Duration.ZERO, 200, p -> seen.add(statuses()));
    w.hold();
    assertEquals(List.of(ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING), statuses());
    w.run();
    assertEquals(1, w.rounds(), "a zero duration still runs one round");
    assertFalse(seen.isEmpty(), "the quote reported progress");
    for (List<ServingStatus> during : seen) {
      assertEquals(List.of(ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING), during);
    }
    assertEquals(
        Map.of(
            GrpcHealthStorage.DEFAULT_SERVICE_NAME,
            ServingStatus.NOT_SERVING,
            WarmUp.SERVICES.get(1),
            ServingStatus.NOT_SERVING),
        w.statusesAtEnd());
    assertEquals(List.of(ServingStatus.SERVING, ServingStatus.SERVING), statuses());
  }

  /** The default limits but for scenarios, scenarios x steps and work units. */
  private static io.backstop.service.app.RequestLimits limits(
      int scenarios, long scenarioSteps, long workUnits) {
    var d = io.backstop.service.app.RequestLimits.DEFAULT;
    return new io.backstop.service.app.RequestLimits(
        d.maxAssets(),
        d.maxLoanBuckets(),
        d.maxOptions(),
        d.maxBidLevels(),
        scenarios,
        d.maxSteps(),
        scenarioSteps,
        d.maxMessageBytes(),
        d.maxCorrelations(),
        d.maxCrossImpacts(),
        d.maxConfidenceLevels(),
        d.maxShocks(),
        d.maxTermDays(),
        d.maxHorizonHours(),
        d.maxRounds(),
        workUnits);
  }

  @Test
  void itsScenariosStayWithinLimitsAnOperatorLowered() {
    var d = io.backstop.service.app.RequestLimits.DEFAULT;
    var example = WarmUp.example(1).getSettings();
    assertEquals(2000, WarmUp.scenariosWithin(2000, d, example));
    // 1,234 scenarios, and scenarios x steps for 500 of the example's 96 steps.
    var fewer = limits(1234, 96L * 500, d.maxWorkUnits());
    assertEquals(500, WarmUp.scenariosWithin(2000, fewer, example));
    // Under those limits the warm-up configured at 2,000 scenarios prices at 500 and is accepted
    // (before, it was refused and the server served cold).
    PricingApplication limited =
        new PricingApplication(
            fewer, PricingApplication.standaloneValidator(), Parallelism.sequential());
    WarmUp w = new WarmUp(limited, health, Duration.ZERO, 2000, p -> {});
    w.run();
    assertTrue(w.rounds() >= 1, "the warm-up priced");
  }

  @Test
  void keepsPricingUntilTheDurationHasPassed() {
    WarmUp w = new WarmUp(application, health, Duration.ofMillis(400), 100, p -> {});
    long started = System.nanoTime();
    w.run();
    assertTrue(System.nanoTime() - started >= 400_000_000L, "ran for the whole duration");
    assertTrue(w.rounds() >= 1);
    assertEquals(List.of(ServingStatus.SERVING, ServingStatus.SERVING), statuses());
  }

  @Test
  void stoppedDuringAQuoteItEndsAndNeverServes() {
    WarmUp[] self = new WarmUp[1];
    Consumer<QuoteProgress> stopAtFirstProgress = p -> self[0].stop();
    self[0] = new WarmUp(application, health, Duration.ofSeconds(60), 2000, stopAtFirstProgress);
    self[0].hold();
    long started = System.nanoTime();
    self[0].run();
    assertTrue(System.nanoTime() - started < 30_000_000_000L, "ended long before its duration");
    assertEquals(0, self[0].rounds());
    assertEquals(List.of(ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING), statuses());
    assertTrue(self[0].statusesAtEnd().isEmpty());
  }

  @Test
  void stoppedBeforeItHoldsItChangesNothing() {
    health.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, ServingStatus.NOT_SERVING);
    WarmUp w = new WarmUp(application, health, Duration.ZERO, 100, p -> {});
    w.stop();
    w.hold();
    w.run();
    assertEquals(ServingStatus.NOT_SERVING, status(GrpcHealthStorage.DEFAULT_SERVICE_NAME));
    assertEquals(ServingStatus.UNKNOWN, status(WarmUp.SERVICES.get(1)));
  }

  @Test
  void aFailedWarmUpServesAnyway() {
    // Less work allowed than the example needs (the scenarios are kept within the limits, the work
    // units not): the example is refused as a client's would be.
    var d = io.backstop.service.app.RequestLimits.DEFAULT;
    var noWork = limits(d.maxScenarios(), d.maxScenarioSteps(), 1);
    PricingApplication refusing =
        new PricingApplication(
            noWork, PricingApplication.standaloneValidator(), Parallelism.sequential());
    WarmUp w = new WarmUp(refusing, health, Duration.ZERO, 100, p -> {});
    w.hold();
    w.run();
    assertEquals(0, w.rounds());
    assertEquals(List.of(ServingStatus.SERVING, ServingStatus.SERVING), statuses());
  }

  @Test
  void theBundledExampleIsTheExampleFileAtTheGivenScenarios() {
    var request = WarmUp.example(1234);
    assertEquals(1234, request.getSettings().getScenarios());
    assertEquals("example-lending-eth-market", request.getExposure().getProtocolId());
    assertEquals(3, request.getExposure().getAssetsCount());
  }

  @Test
  void refusesANegativeDuration() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new WarmUp(application, health, Duration.ofSeconds(-1), 100, p -> {}));
    assertTrue(e.getMessage().contains("backstop.warmup.duration"), e.getMessage());
  }

  @Test
  void refusesAScenarioCountBelowOne() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new WarmUp(application, health, Duration.ZERO, 0, p -> {}));
    assertTrue(e.getMessage().contains("backstop.warmup.scenarios"), e.getMessage());
  }
}
