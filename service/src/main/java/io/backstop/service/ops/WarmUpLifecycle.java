package io.backstop.service.ops;

import io.backstop.service.app.PricingApplication;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Starts the {@link WarmUp} when the application has started ({@code backstop.warmup.*}) and stops
 * it when shutdown begins, before {@link GracefulShutdown} turns health NOT_SERVING.
 */
@ApplicationScoped
public class WarmUpLifecycle {
  @Inject BackstopConfig config;
  @Inject PricingApplication application;
  @Inject GrpcHealthStorage health;

  private volatile WarmUp warmUp;
  private volatile Thread thread;

  void start(@Observes StartupEvent event) {
    BackstopConfig.Warmup settings = config.warmup();
    if (!settings.enabled()) {
      return;
    }
    WarmUp w = new WarmUp(application, health, settings.duration(), settings.scenarios(), p -> {});
    w.hold();
    Thread t = new Thread(w, "backstop-warmup");
    t.setDaemon(true);
    warmUp = w;
    thread = t;
    t.start();
  }

  void delayStarted(@Observes @Priority(0) ShutdownDelayInitiatedEvent event) {
    stop();
  }

  void shutdown(@Observes @Priority(0) ShutdownEvent event) {
    stop();
  }

  private void stop() {
    WarmUp w = warmUp;
    if (w != null) {
      w.stop();
    }
  }

  /** The running or finished warm-up; null when disabled. */
  WarmUp warmUp() {
    return warmUp;
  }

  /** Waits for the warm-up to end; true if it has (or there is none). */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    Thread t = thread;
    if (t == null) {
      return true;
    }
    t.join(TimeUnit.NANOSECONDS.toMillis(timeout.toNanos()));
    return !t.isAlive();
  }
}
