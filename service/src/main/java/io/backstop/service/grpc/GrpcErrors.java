package io.backstop.service.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.FieldViolation;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Maps the application's failures to gRPC statuses with typed details (API.md error table): bad
 * fields as {@code google.rpc.BadRequest}, capacity as {@code google.rpc.RetryInfo}.
 */
public final class GrpcErrors {
  private GrpcErrors() {}

  /** The status a client sees for {@code failure}; unexpected exceptions become INTERNAL. */
  public static StatusRuntimeException toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (failure instanceof BackstopException.InvalidRequest invalid) {
      BadRequest.Builder detail = BadRequest.newBuilder();
      for (FieldViolation v : invalid.violations()) {
        detail.addFieldViolations(
            BadRequest.FieldViolation.newBuilder()
                .setField(v.field())
                .setDescription(v.description()));
      }
      return status(Code.INVALID_ARGUMENT, invalid.getMessage(), Any.pack(detail.build()));
    }
    if (failure instanceof BackstopException.NotImplemented e) {
      return status(Code.UNIMPLEMENTED, e.getMessage(), null);
    }
    if (failure instanceof BackstopException.Cancelled e) {
      return status(Code.CANCELLED, e.getMessage(), null);
    }
    if (failure instanceof BackstopException.DeadlineExceeded e) {
      return status(Code.DEADLINE_EXCEEDED, e.getMessage(), null);
    }
    if (failure instanceof BackstopException.AtCapacity e) {
      RetryInfo retry =
          RetryInfo.newBuilder()
              .setRetryDelay(
                  Duration.newBuilder()
                      .setSeconds(e.retryAfter().getSeconds())
                      .setNanos(e.retryAfter().getNano()))
              .build();
      return status(Code.RESOURCE_EXHAUSTED, e.getMessage(), Any.pack(retry));
    }
    return status(
        Code.INTERNAL,
        "internal error in Backstop (a bug, not a problem with the request): "
            + failure.getClass().getSimpleName(),
        null);
  }

  private static StatusRuntimeException status(Code code, String message, Any detail) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    if (detail != null) {
      status.addDetails(detail);
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
