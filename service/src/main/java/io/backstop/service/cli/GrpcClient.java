package io.backstop.service.cli;

import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.GetModelInfoResponse;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.proto.v1.StreamQuoteCoverRequest;
import io.backstop.proto.v1.StreamQuoteCoverResponse;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.FieldViolation;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Calls a running Backstop server; statuses are turned back into the application's failures. */
final class GrpcClient implements PricingClient {
  /**
   * Largest response the command line reads: a ceiling, not a limit the contract publishes (a
   * response holds per-asset rows, curves of fixed length and at most max_rounds stress rounds).
   */
  static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final String target;
  private final ManagedChannel channel;
  private final PricingServiceGrpc.PricingServiceBlockingStub stub;

  GrpcClient(String target, int maxMessageBytes) {
    this.target = target;
    this.channel =
        ManagedChannelBuilder.forTarget(target)
            .usePlaintext()
            .maxInboundMessageSize(maxMessageBytes)
            .build();
    this.stub = PricingServiceGrpc.newBlockingStub(channel);
  }

  private static final java.util.regex.Pattern HOST_PORT =
      java.util.regex.Pattern.compile(
          "(?:dns:///)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

  /**
   * {@code target} when it is HOST:PORT with a port from 1 to 65535, or gRPC's dns:///HOST:PORT
   * (the form that resolves every address of a headless Service, docs/operations.md); else the bad
   * input that says what to write. Checked before any call: a scheme ({@code
   * http://localhost:9000}) or a missing port otherwise surfaced as the transport's words ("Could
   * not find a NameResolverProvider", "io exception").
   */
  static String checkTarget(String target, picocli.CommandLine commandLine) {
    java.util.regex.Matcher m = HOST_PORT.matcher(target);
    if (!m.matches()) {
      throw new picocli.CommandLine.ParameterException(
          commandLine,
          "--target takes HOST:PORT (or dns:///HOST:PORT), e.g. localhost:9000 (was '"
              + target
              + "')");
    }
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          commandLine,
          "--target's port must be from 1 to 65535, e.g. localhost:9000 (was '" + target + "')");
    }
    return target;
  }

  @Override
  public GetModelInfoResponse modelInfo() {
    return call(() -> stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()));
  }

  @Override
  public QuoteCoverResponse quote(QuoteCoverRequest request, Consumer<QuoteProgress> progress) {
    return call(
        () -> {
          // The streaming call gives progress and then exactly QuoteCover's response.
          // The same fields under the same numbers: the request's own bytes, so that a field the
          // file leaves out stays absent (the server reports it as the in-process run does).
          StreamQuoteCoverRequest streamed;
          try {
            streamed = StreamQuoteCoverRequest.parseFrom(request.toByteString());
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("a message's own bytes always parse", e);
          }
          Iterator<StreamQuoteCoverResponse> events = stub.streamQuoteCover(streamed);
          QuoteCoverResponse result = null;
          while (events.hasNext()) {
            StreamQuoteCoverResponse event = events.next();
            if (event.hasProgress()) {
              progress.accept(event.getProgress());
            } else if (event.hasResult()) {
              result = event.getResult();
            }
          }
          if (result == null) {
            throw new IllegalStateException("the server closed the stream without a result");
          }
          return result;
        });
  }

  @Override
  public AssessCollateralResponse assessCollateral(AssessCollateralRequest request) {
    return call(() -> stub.assessCollateral(request));
  }

  @Override
  public StressTestResponse stress(StressTestRequest request) {
    return call(() -> stub.stressTest(request));
  }

  private <T> T call(java.util.function.Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw fromStatus(e, target);
    }
  }

  /** grpc-java's words for an answer that is HTTP but not gRPC (a line of its message). */
  private static final java.util.function.Predicate<String> NOT_GRPC =
      line -> line.startsWith("HTTP status code") || line.startsWith("invalid content-type");

  /**
   * The application failure a status from the server at {@code target} stands for; transport
   * failures become a message saying what to check.
   */
  static RuntimeException fromStatus(StatusRuntimeException e, String target) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    String message =
        status != null ? status.getMessage() : String.valueOf(e.getStatus().getDescription());
    if (NOT_GRPC.test(message)) {
      // An HTTP server that is not gRPC answered: most likely serve's management port.
      return new IllegalStateException(
          "the server at "
              + target
              + " does not answer gRPC ("
              + String.join(", ", message.lines().filter(NOT_GRPC).toList())
              + "; is this the management port? gRPC is on serve's --port, 9000 by default)",
          e);
    }
    switch (e.getStatus().getCode()) {
      case INVALID_ARGUMENT -> {
        List<FieldViolation> violations = new ArrayList<>();
        if (status != null) {
          for (var any : status.getDetailsList()) {
            if (any.is(BadRequest.class)) {
              try {
                for (var v : any.unpack(BadRequest.class).getFieldViolationsList()) {
                  violations.add(new FieldViolation(v.getField(), v.getDescription()));
                }
              } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                // fall through to the plain message
              }
            }
          }
        }
        if (violations.isEmpty()) {
          violations.add(new FieldViolation("request", message));
        }
        return new BackstopException.InvalidRequest(violations);
      }
      case UNIMPLEMENTED -> {
        return new BackstopException.NotImplemented(message);
      }
      case CANCELLED -> {
        return new BackstopException.Cancelled(message);
      }
      case DEADLINE_EXCEEDED -> {
        return new BackstopException.DeadlineExceeded(message);
      }
      case RESOURCE_EXHAUSTED -> {
        Duration retry = Duration.ofSeconds(1);
        if (status != null) {
          for (var any : status.getDetailsList()) {
            if (any.is(RetryInfo.class)) {
              try {
                var d = any.unpack(RetryInfo.class).getRetryDelay();
                retry = Duration.ofSeconds(d.getSeconds(), d.getNanos());
              } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                // keep the default advice
              }
            }
          }
        }
        return new BackstopException.AtCapacity(message, retry);
      }
      case UNAVAILABLE -> {
        return new IllegalStateException(
            "could not reach a Backstop server at "
                + target
                + " (is `backstop serve` running there, and is the target HOST:PORT?): "
                + message,
            e);
      }
      default -> {
        return new IllegalStateException(
            "the server at the target answered " + e.getStatus().getCode() + ": " + message, e);
      }
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
