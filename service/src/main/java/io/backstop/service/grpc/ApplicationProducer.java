package io.backstop.service.grpc;

import io.backstop.core.sim.Parallelism;
import io.backstop.service.app.PricingApplication;
import io.backstop.service.app.RequestLimits;
import io.backstop.service.capacity.AdmissionController;
import io.backstop.service.ops.BackstopConfig;
import io.backstop.service.ops.CallRecorder;
import io.backstop.service.ops.InFlight;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the one {@link PricingApplication} the server uses, with the configured limits, and the
 * machinery around it: admission control, the bounded worker pool, the in-flight counter.
 */
@ApplicationScoped
public class ApplicationProducer {

  @Produces
  @Singleton
  RequestLimits limits(BackstopConfig config) {
    return config.limits().toRequestLimits();
  }

  @Produces
  @Singleton
  PricingApplication application(RequestLimits limits, Validator validator) {
    return new PricingApplication(limits, validator, engine);
  }

  /**
   * Where every call's scenario blocks run: one pool of one thread per core, shared, so the number
   * of simulation threads never grows with the number of callers.
   */
  private final Parallelism engine = PricingApplication.corePool();

  @PreDestroy
  void closeEngine() {
    if (engine.executor() instanceof java.util.concurrent.ExecutorService pool) {
      pool.shutdownNow();
    }
  }

  @Produces
  @Singleton
  InFlight inFlight() {
    return new InFlight();
  }

  @Produces
  @Singleton
  @Named("backstop-timer")
  ScheduledExecutorService timer() {
    // Every simulation call schedules its deadline here and cancels it when it ends: without
    // remove-on-cancel a cancelled task stays queued until its delay runs out, so a client's long
    // deadlines (grpc-timeout allows years) kept ~80 B per call for as long (a soak audit: 43,000
    // tasks after 40,000 calls with 10^6 s deadlines).
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, threads("backstop-timer"));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  void closeTimer(@Disposes @Named("backstop-timer") ScheduledExecutorService timer) {
    timer.shutdownNow();
  }

  @Produces
  @Singleton
  AdmissionController admission(
      BackstopConfig config, @Named("backstop-timer") ScheduledExecutorService timer) {
    return new AdmissionController(settings(config.capacity()), timer);
  }

  /**
   * The worker pool: one thread per admitted simulation. Admission bounds the work handed to it;
   * the small queue only absorbs the moment between a permit's release and its thread's return.
   */
  @Produces
  @Singleton
  @Named("backstop-workers")
  ThreadPoolExecutor workers(AdmissionController admission) {
    int n = admission.settings().maxConcurrent();
    return new ThreadPoolExecutor(
        n,
        n,
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(n),
        threads("backstop-worker"),
        new ThreadPoolExecutor.AbortPolicy());
  }

  void closeWorkers(@Disposes @Named("backstop-workers") ThreadPoolExecutor workers) {
    workers.shutdownNow();
  }

  @Produces
  @Singleton
  CallRunner runner(
      AdmissionController admission,
      @Named("backstop-workers") ThreadPoolExecutor workers,
      @Named("backstop-timer") ScheduledExecutorService timer,
      InFlight inFlight,
      CallRecorder recorder) {
    return new CallRunner(admission, workers, timer, inFlight, recorder);
  }

  static AdmissionController.Settings settings(BackstopConfig.Capacity c) {
    return new AdmissionController.Settings(
        c.budgetCost(),
        c.maxConcurrent().orElse(Runtime.getRuntime().availableProcessors()),
        c.queueSize(),
        c.queueTimeout(),
        c.retryAfter());
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
