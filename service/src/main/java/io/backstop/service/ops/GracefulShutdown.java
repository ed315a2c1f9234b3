package io.backstop.service.ops;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.backstop.proto.v1.PricingServiceGrpc;
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
 * Shutdown in order: gRPC health turns NOT_SERVING (so probes and load balancers stop sending), new
 * simulation calls are refused with UNAVAILABLE, and calls in flight run to the end for up to
 * {@code backstop.shutdown.drain-timeout}. With {@code quarkus.shutdown.delay-enabled} the health
 * flips when the delay starts, before the server stops accepting connections.
 */
@ApplicationScoped
public class GracefulShutdown {
  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

  @Inject GrpcHealthStorage health;
  @Inject InFlight inFlight;
  @Inject BackstopConfig config;

  void delayStarted(@Observes ShutdownDelayInitiatedEvent event) {
    notServing();
  }

  void shutdown(@Observes @Priority(1) ShutdownEvent event) {
    notServing();
    drain(inFlight, config.shutdown().drainTimeout());
  }

  private void notServing() {
    health.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, ServingStatus.NOT_SERVING);
    health.setStatus(PricingServiceGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
    inFlight.startDraining();
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
    LOG.warnf("drain timeout: %d call(s) still in flight are cut off", inFlight.count());
    return false;
  }
}
