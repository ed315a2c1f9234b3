package io.backstop.service.ops;

import com.google.rpc.Code;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.RequestLimits;
import io.backstop.service.capacity.AdmissionController;
import io.backstop.service.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the pricing calls the server holds at once, before their messages are read: the transport
 * reads a call's whole message (up to {@code max_message_bytes}) into memory before admission
 * control sees it, so without a bound a flood of large messages on many connections exhausts the
 * heap (docs/operations.md, "Inbound message memory"). A pricing call (every RPC of {@code
 * backstop.v1.PricingService} but GetModelInfo) takes a permit when its stream opens and gives it
 * back when its response ends or the stream closes; with none left it is answered at once with
 * RESOURCE_EXHAUSTED and the admission's retry advice, its message never read. There are as many
 * permits as admission holds calls (running + queued) and one more per running call, for a response
 * still on its way out or a message still arriving: the messages the server holds stay within the
 * heap's budget (docs/operations.md: 20 x 4 MiB by default). A steady caller meets admission's own
 * refusal first; a burst of calls whose messages are still uploading can meet the gate's while
 * admission's queue has room (the same status and retry advice). Health, reflection and
 * GetModelInfo are never gated. A call must send its whole message within {@code
 * backstop.capacity.receive-timeout} (10 s) or its stream is reset, so that idle or trickling
 * streams cannot hold the permits. A stream that closes before its response ended (the client's
 * process died, its connection dropped) cancels its call ({@link StreamWatch}).
 */
@ApplicationScoped
public class InboundGate {
  /** Vert.x route order: before the gRPC server's route on the shared port. */
  static final int ORDER = Integer.MIN_VALUE + 1_000;

  private static final String PREFIX = "/" + PricingServiceGrpc.SERVICE_NAME + "/";
  private static final String MODEL_INFO = PREFIX + "GetModelInfo";

  /** RESOURCE_EXHAUSTED as the grpc-status header writes it. */
  private static final String RESOURCE_EXHAUSTED = Integer.toString(Code.RESOURCE_EXHAUSTED_VALUE);

  /** The reason of the gate's refusals in {@code backstop_rejections_total}. */
  static final String REFUSAL_REASON = "inbound_gate";

  @Inject AdmissionController admission;
  @Inject BackstopConfig config;
  @Inject CallRecorder recorder;
  @Inject RequestLimits limits;

  private Semaphore permits;
  private int capacity;
  private String refusal;
  private String oversizeMessage;
  private long receiveTimeoutMillis;

  void install(@Observes Router router) {
    AdmissionController.Settings s = admission.settings();
    capacity = gateCapacity(s);
    permits = new Semaphore(capacity);
    refusal = statusDetails(s);
    oversizeMessage = oversizeMessage(limits.maxMessageBytes());
    receiveTimeoutMillis = Math.max(1, config.capacity().receiveTimeout().toMillis());
    router.route().order(ORDER).handler(this::handle);
  }

  /**
   * The pricing calls the server holds at once: admission's running and queued calls, and one more
   * per running call, a slack that responses being written and messages still arriving share. With
   * the default 2 running and 16 queued that is 20 messages of at most {@code max_message_bytes}
   * (80 MiB at 4 MiB; before 2026-12-01 twice admission's 18, 36, which with a maximum-size
   * simulation could exceed a 512 MiB heap).
   */
  static int gateCapacity(AdmissionController.Settings s) {
    return 2 * s.maxConcurrent() + s.queueSize();
  }

  /** Permits of calls in flight now (tests). */
  int inFlight() {
    return capacity - permits.availablePermits();
  }

  int capacity() {
    return capacity;
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // Only the gate writes this header (below, for the calls it watches).
    request.headers().remove(StreamWatch.HEADER);
    String path = request.path();
    String type = request.getHeader("content-type");
    if (path == null
        || !path.startsWith(PREFIX)
        || type == null
        || !type.startsWith("application/grpc")) {
      ctx.next();
      return;
    }
    explainOversizeRefusal(ctx, path);
    if (path.equals(MODEL_INFO)) {
      ctx.next();
      return;
    }
    if (!permits.tryAcquire()) {
      // A trailers-only gRPC response: HTTP 200, the status in the headers, the stream ended.
      ctx.response()
          .putHeader("content-type", "application/grpc")
          .putHeader("grpc-status", RESOURCE_EXHAUSTED)
          .putHeader("grpc-message", MESSAGE)
          .putHeader("grpc-status-details-bin", refusal)
          .end();
      recorder.rejected(REFUSAL_REASON);
      recorder.finished(rpcName(path), null, Status.Code.RESOURCE_EXHAUSTED, 0);
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    // A stream that has not sent its whole message in time is reset: an idle or trickling client
    // cannot keep the permit (and, at 20 streams, every pricing call out).
    long timer =
        ctx.vertx()
            .setTimer(
                receiveTimeoutMillis,
                id -> {
                  if (!request.isEnded() && !released.get()) {
                    ctx.response().reset(8); // HTTP/2 CANCEL
                  }
                });
    StreamWatch watch = StreamWatch.open();
    request.headers().set(StreamWatch.HEADER, watch.id);
    ctx.addEndHandler(
        done -> {
          ctx.vertx().cancelTimer(timer);
          if (released.compareAndSet(false, true)) {
            permits.release();
          }
          // Closed before its response ended: the client has gone.
          watch.close(!ctx.response().ended());
        });
    ctx.next();
  }

  /**
   * The reason of the transport's refusals of an oversize message in {@code
   * backstop_rejections_total}.
   */
  static final String OVERSIZE_REASON = "message_size";

  /**
   * The transport (the Vert.x gRPC server) refuses a message over {@code max_message_bytes} with
   * RESOURCE_EXHAUSTED and nothing else, before any application code sees the call: a client could
   * not tell it from a refusal at capacity, nor know the limit. Its answer is trailers-only (the
   * status in the response's headers), and the only RESOURCE_EXHAUSTED without a message: this
   * gives it one, which says what was wrong and what is allowed, and counts it.
   */
  private void explainOversizeRefusal(RoutingContext ctx, String path) {
    ctx.addHeadersEndHandler(
        v -> {
          var headers = ctx.response().headers();
          if (RESOURCE_EXHAUSTED.equals(headers.get("grpc-status"))
              && headers.get("grpc-message") == null) {
            headers.set("grpc-message", oversizeMessage);
            recorder.rejected(OVERSIZE_REASON);
            recorder.finished(rpcName(path), null, Status.Code.RESOURCE_EXHAUSTED, 0);
          }
        });
  }

  private static final java.util.Set<String> RPCS =
      PricingServiceGrpc.getServiceDescriptor().getMethods().stream()
          .map(m -> m.getBareMethodName())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /**
   * The method a refused call named, as the metrics tag it: one of the service's, else "unknown" (a
   * path is the client's to choose; a tag per path would grow the registry without bound).
   */
  static String rpcName(String path) {
    String name = path.substring(PREFIX.length());
    return RPCS.contains(name) ? name : "unknown";
  }

  /**
   * What an oversize message is told, printable ASCII without '%' as {@link #MESSAGE}: the limit,
   * where it is published, and that retrying the same message will not help.
   */
  static String oversizeMessage(int maxMessageBytes) {
    return "the request message is larger than this server accepts: at most "
        + maxMessageBytes
        + " bytes (limits.max_message_bytes in GetModelInfo); send a smaller request, the same one"
        + " will be refused again";
  }

  /** Printable ASCII without '%': a valid grpc-message as it is (no percent-encoding needed). */
  private static final String MESSAGE =
      "the server holds as many calls as it can; retry later (see RetryInfo)";

  /**
   * The refusal's google.rpc.Status, built as admission's own at-capacity refusal is ({@link
   * GrpcErrors}), in the base64 form of the grpc-status-details-bin trailer.
   */
  private static String statusDetails(AdmissionController.Settings s) {
    com.google.rpc.Status status =
        StatusProto.fromThrowable(
            GrpcErrors.toStatus(new BackstopException.AtCapacity(MESSAGE, s.retryAfter())));
    return Base64.getEncoder().withoutPadding().encodeToString(status.toByteArray());
  }
}
