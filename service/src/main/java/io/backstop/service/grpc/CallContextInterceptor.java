package io.backstop.service.grpc;

import io.backstop.service.ops.StreamWatch;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Gives every call a {@link GrpcCallContext}: the deadline from the {@code grpc-timeout} header
 * (the Vert.x-based server Quarkus uses on the shared port passes the header on but does not turn
 * it into a grpc-java {@link Deadline}; a grpc-java server does the opposite, so both are read) and
 * a cancellation flag raised by {@link ServerCall.Listener#onCancel()}, which both servers call
 * when the client cancels or resets the stream, and by {@link StreamWatch} when the stream of a
 * pricing call closes with no reset (the client's connection dropped: the Vert.x bridge does not
 * report that).
 */
@GlobalInterceptor
@ApplicationScoped
public class CallContextInterceptor implements ServerInterceptor {

  static final Metadata.Key<String> TIMEOUT =
      Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long timeout = parseTimeoutNanos(headers.get(TIMEOUT));
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null) {
      timeout = Math.min(timeout, Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)));
    }
    GrpcCallContext callContext = GrpcCallContext.withTimeout(timeout);
    StreamWatch watch = StreamWatch.of(headers);
    if (watch != null) {
      watch.whenGone(callContext::cancel);
    }
    Context context = Context.current().withValue(GrpcCallContext.KEY, callContext);
    ServerCall.Listener<Q> listener = Contexts.interceptCall(context, call, headers, next);
    boolean unaryRequest = call.getMethodDescriptor().getType().clientSendsOneMessage();
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      private boolean messageSeen;

      @Override
      public void onMessage(Q message) {
        messageSeen = true;
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (unaryRequest && !messageSeen) {
          // The bytes did not parse as the request message (the transport drops them and
          // grpc-java would answer INTERNAL "Half-closed without a request"): a client error.
          call.close(unreadableRequest(call.getMethodDescriptor()), new Metadata());
          return;
        }
        super.onHalfClose();
      }

      @Override
      public void onCancel() {
        callContext.cancel();
        super.onCancel();
      }
    };
  }

  private static Status unreadableRequest(MethodDescriptor<?, ?> method) {
    Object schema = method.getSchemaDescriptor();
    String type =
        schema instanceof io.grpc.protobuf.ProtoMethodDescriptorSupplier s
            ? s.getMethodDescriptor().getInputType().getFullName()
            : "the request message";
    return Status.INVALID_ARGUMENT.withDescription(
        "the request could not be read: its bytes are not a valid "
            + type
            + " (send the message serialized by a protobuf library, or the proto3 JSON"
            + " mapping through a JSON-aware client)");
  }

  /**
   * The {@code grpc-timeout} header in nanoseconds: up to 8 digits and a unit (H, M, S, m, u, n);
   * {@link Long#MAX_VALUE} when absent or malformed (a malformed header is ignored, as grpc-java
   * does, rather than failing the call).
   */
  static long parseTimeoutNanos(String value) {
    if (value == null || value.length() < 2 || value.length() > 9) {
      return Long.MAX_VALUE;
    }
    long amount = 0;
    for (int i = 0; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return Long.MAX_VALUE;
      }
      amount = amount * 10 + (c - '0');
    }
    TimeUnit unit =
        switch (value.charAt(value.length() - 1)) {
          case 'H' -> TimeUnit.HOURS;
          case 'M' -> TimeUnit.MINUTES;
          case 'S' -> TimeUnit.SECONDS;
          case 'm' -> TimeUnit.MILLISECONDS;
          case 'u' -> TimeUnit.MICROSECONDS;
          case 'n' -> TimeUnit.NANOSECONDS;
          default -> null;
        };
    return unit == null ? Long.MAX_VALUE : unit.toNanos(amount);
  }
}
