package io.backstop.service.grpc;

import com.google.protobuf.Message;
import io.backstop.service.app.BackstopException;
import io.backstop.service.capacity.AdmissionController;
import io.backstop.service.ops.CallRecorder;
import io.backstop.service.ops.InFlight;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs one call from the service method to its status: counts it in flight (refusing it while the
 * server drains), asks {@link AdmissionController} for capacity by cost, runs the work on the
 * bounded worker pool (never on the event loop), and ends the call exactly once, with the result or
 * the status {@link GrpcErrors} maps the failure to. The deadline and cancellation come from the
 * call's {@link GrpcCallContext}: a cancelled call leaves the queue at once, a running one stops at
 * its next {@code checkAlive()}; past the deadline the client gets DEADLINE_EXCEEDED even if the
 * work has not noticed yet. Once the client has gone, nothing is sent and nothing is logged as an
 * error. The request's SHA-256 is computed by the worker that runs the call, so that a large
 * message costs the event loop nothing beyond its parsing; a call that ends before it runs
 * (refused, withdrawn, shutting down) is recorded without it.
 */
public final class CallRunner {
  private static final Logger LOG = Logger.getLogger(CallRunner.class);

  /** The work of a call, run on a worker thread once admitted. */
  @FunctionalInterface
  public interface Work<R> {
    R run(GrpcCallContext context, Responder<R> responder);
  }

  private final AdmissionController admission;
  private final Executor workers;
  private final ScheduledExecutorService timer;
  private final InFlight inFlight;
  private final CallRecorder recorder;

  public CallRunner(
      AdmissionController admission,
      Executor workers,
      ScheduledExecutorService timer,
      InFlight inFlight,
      CallRecorder recorder) {
    this.admission = admission;
    this.workers = workers;
    this.timer = timer;
    this.inFlight = inFlight;
    this.recorder = recorder;
  }

  /** Serves a cheap call on the calling thread, outside admission control (GetModelInfo). */
  public <R> void direct(String rpc, Message request, StreamObserver<R> out, Work<R> work) {
    long start = System.nanoTime();
    GrpcCallContext context = GrpcCallContext.currentOrNew();
    Responder<R> responder = new Responder<>(out);
    Status.Code code;
    try {
      code =
          responder.complete(work.run(context, responder)) ? Status.Code.OK : cancelCode(context);
    } catch (RuntimeException | Error e) {
      code = fail(rpc, context, responder, e);
    }
    recorder.finished(rpc, context.requestSha256(request), code, System.nanoTime() - start);
  }

  /** Serves a simulation call of admission {@code cost}. */
  public <R> void run(String rpc, Message request, long cost, StreamObserver<R> out, Work<R> work) {
    long start = System.nanoTime();
    GrpcCallContext context = GrpcCallContext.currentOrNew();
    context.metricsTo(recorder.metrics());
    Responder<R> responder = new Responder<>(out);
    Call<R> call = new Call<>(rpc, request, start, context, responder);
    if (!inFlight.tryEnter(call.entry)) {
      recorder.rejected("shutting_down");
      responder.fail(
          GrpcErrors.toStatus(new BackstopException.ShuttingDown(GrpcCallContext.SHUTTING_DOWN)));
      recorder.finished(rpc, null, Status.Code.UNAVAILABLE, System.nanoTime() - start);
      return;
    }
    if (context.timeLeftNanos() != Long.MAX_VALUE) {
      call.deadlineTimer =
          timer.schedule(
              () ->
                  call.end(
                      null,
                      new BackstopException.DeadlineExceeded(
                          "the client's deadline passed before the result was ready")),
              context.timeLeftNanos(),
              TimeUnit.NANOSECONDS);
    }
    AdmissionController.Ticket ticket =
        admission.admit(
            cost,
            context.timeLeftNanos(),
            new AdmissionController.Waiter() {
              @Override
              public void admitted(AdmissionController.Permit permit) {
                try {
                  workers.execute(() -> call.work(permit, work));
                } catch (RejectedExecutionException e) {
                  permit.close();
                  call.end(
                      null,
                      new BackstopException.AtCapacity(
                          "the server is at capacity; retry later",
                          admission.settings().retryAfter()));
                }
              }

              @Override
              public void refused(BackstopException failure, AdmissionController.Refusal reason) {
                recorder.rejected(reason.label());
                call.end(null, failure);
              }
            });
    context.onCancel(
        () -> {
          if (ticket.withdraw()) {
            call.end(null, new BackstopException.Cancelled("the client cancelled the call"));
          }
        });
  }

  private final class Call<R> {
    final String rpc;
    final Message request;
    final long start;
    final GrpcCallContext context;
    final Responder<R> responder;
    final AtomicBoolean ended = new AtomicBoolean();
    volatile ScheduledFuture<?> deadlineTimer;
    final InFlight.Entry entry; // made here, published by tryEnter: a cut always finds it

    Call(String rpc, Message request, long start, GrpcCallContext context, Responder<R> responder) {
      this.rpc = rpc;
      this.request = request;
      this.start = start;
      this.context = context;
      this.responder = responder;
      this.entry = inFlight.entry(this::cut);
    }

    void work(AdmissionController.Permit permit, Work<R> work) {
      R result = null;
      Throwable failure = null;
      try {
        context.requestSha256(request); // here, not on the event loop: ~5 ms per MB
        context.checkAlive();
        result = work.run(context, responder);
      } catch (RuntimeException | Error e) {
        failure = e;
      } finally {
        permit.close();
      }
      end(result, failure);
    }

    /**
     * The server's drain ran out while the call was in flight or queued: the client is told to
     * retry elsewhere, and the work stops at its next poll (its own end is then a no-op).
     */
    void cut() {
      end(null, new BackstopException.ShuttingDown(GrpcCallContext.SHUTTING_DOWN));
      context.stopForShutdown();
    }

    /** Ends the call once: the first of result, failure, cancellation or deadline wins. */
    void end(R result, Throwable failure) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      ScheduledFuture<?> t = deadlineTimer;
      if (t != null) {
        t.cancel(false);
      }
      // Recorded before the call leaves InFlight: once the drain (or a test) sees no call in
      // flight, every call's metrics and log line are written.
      try {
        Status.Code code =
            failure == null
                ? (responder.complete(result) ? Status.Code.OK : cancelCode(context))
                : fail(rpc, context, responder, failure);
        recorder.finished(rpc, context.requestSha256IfComputed(), code, System.nanoTime() - start);
      } finally {
        entry.exit();
      }
    }
  }

  /** Sends the status for {@code failure} unless the client is gone; returns the code. */
  private static Status.Code fail(
      String rpc, GrpcCallContext context, Responder<?> responder, Throwable failure) {
    StatusRuntimeException status = GrpcErrors.toStatus(failure);
    Status.Code code = status.getStatus().getCode();
    if (code == Status.Code.INTERNAL) {
      LOG.errorf(failure, "internal error serving %s", rpc);
    }
    if (context.clientCancelled()) {
      responder.abandon();
      return cancelCode(context);
    }
    return responder.fail(status) ? code : cancelCode(context);
  }

  private static Status.Code cancelCode(GrpcCallContext context) {
    return context.deadlinePassed() ? Status.Code.DEADLINE_EXCEEDED : Status.Code.CANCELLED;
  }
}
