package io.backstop.service.ops;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.service.capacity.AdmissionController;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Shutdown in order. At its first step (Quarkus's pre-shutdown, which fires {@link
 * ShutdownDelayInitiatedEvent} because {@code quarkus.shutdown.delay-enabled} is built in), gRPC
 * health turns NOT_SERVING and new simulation calls are refused with UNAVAILABLE; the calls in
 * flight run on while Quarkus waits for its HTTP streams ({@code quarkus.shutdown.timeout}) and
 * then, at {@link ShutdownEvent}, for what is left of {@code backstop.shutdown.drain-timeout}
 * counted from that first step: the two waits overlap, they do not add up. Calls still in flight
 * then are cut: their clients get UNAVAILABLE (retry on another replica), and their work stops at
 * its next poll, before the application's beans are destroyed.
 */
@ApplicationScoped
public class GracefulShutdown {
  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

  @Inject GrpcHealthStorage health;
  @Inject InFlight inFlight;
  @Inject BackstopConfig config;
  @Inject AdmissionController admission;

  /** How long the shutdown waits for cut calls' work to stop at its next poll. */
  static final Duration WORK_STOP_WAIT = Duration.ofSeconds(2);

  private long drainStartedNanos;
  private boolean draining;

  void delayStarted(@Observes ShutdownDelayInitiatedEvent event) {
    notServing();
  }

  void shutdown(@Observes @Priority(1) ShutdownEvent event) {
    long started = notServing();
    Duration left = config.shutdown().drainTimeout().minusNanos(System.nanoTime() - started);
    if (!drain(inFlight, left.isNegative() ? Duration.ZERO : left)) {
      inFlight.cutAll();
      awaitWorkStopped();
    }
  }

  /**
   * The cut calls' clients have their answer; their work stops at its next poll (every 8 steps:
   * milliseconds). Waits a bounded time for it, so that no simulation still runs when the beans it
   * reports to are destroyed.
   */
  private void awaitWorkStopped() {
    long until = System.nanoTime() + WORK_STOP_WAIT.toNanos();
    while (admission.running() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (admission.running() > 0) {
      LOG.warnf("%d simulation(s) still running after the cut", admission.running());
    }
  }

  /** Turns health NOT_SERVING and refuses new calls, once; returns when that first happened. */
  private synchronized long notServing() {
    if (!draining) {
      draining = true;
      drainStartedNanos = System.nanoTime();
      health.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, ServingStatus.NOT_SERVING);
      health.setStatus(PricingServiceGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
      inFlight.startDraining();
      LOG.infof(
          "shutting down: health NOT_SERVING, new calls refused, %d call(s) in flight",
          inFlight.count());
    }
    return drainStartedNanos;
  }

  /** Refuses new calls and waits for those in flight; true if all finished in time. */
  static boolean drain(InFlight inFlight, Duration timeout) {
    inFlight.startDraining();
    int left = inFlight.count();
    if (left == 0) {
      return true;
    }
    LOG.infof("draining %d call(s) in flight, for up to %s", left, timeout);
    try {
      if (inFlight.awaitIdle(timeout)) {
        LOG.info("all calls in flight finished");
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.warnf(
        "drain timeout: %d call(s) still in flight are cut off (UNAVAILABLE)", inFlight.count());
    return false;
  }
}
