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
      int listed = 0;
      for (FieldViolation v : invalid.violations()) {
        var entry =
            BadRequest.FieldViolation.newBuilder()
                .setField(printable(v.field(), MAX_FIELD_CHARS))
                .setDescription(printable(v.description(), MAX_DESCRIPTION_CHARS))
                .build();
        if (listed > 0
            && detail.build().getSerializedSize() + entry.getSerializedSize() + 4
                > MAX_DETAIL_BYTES) {
          break;
        }
        detail.addFieldViolations(entry);
        listed++;
      }
      String message = printable(invalid.getMessage(), MAX_DESCRIPTION_CHARS);
      int omitted = invalid.violations().size() - listed;
      if (omitted > 0) {
        message +=
            " ("
                + omitted
                + " more bad fields not listed: fix these and send again; error details are"
                + " capped so that every client can read them)";
      }
      return status(Code.INVALID_ARGUMENT, message, Any.pack(detail.build()));
    }
    if (failure instanceof BackstopException.NotImplemented e) {
      return status(Code.UNIMPLEMENTED, e.getMessage(), null);
    }
    if (failure instanceof BackstopException.Cancelled e) {
      return status(Code.CANCELLED, e.getMessage(), null);
    }
    if (failure instanceof BackstopException.ShuttingDown e) {
      return status(Code.UNAVAILABLE, e.getMessage(), null);
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

  /**
   * Error details travel in HTTP/2 trailers, and gRPC clients accept 8 KiB of metadata by default
   * (grpc-java, grpc-go): the BadRequest is capped at 3 KB (its base64 form plus the message must
   * fit), each text at a few hundred characters, and every text is printable ASCII, since a request
   * may echo anything (a NUL, an emoji, a 4,000-character id) into a message.
   */
  static final int MAX_DETAIL_BYTES = 3_000;

  static final int MAX_MESSAGE_CHARS = 512;
  static final int MAX_FIELD_CHARS = 200;
  static final int MAX_DESCRIPTION_CHARS = 300;

  /** {@code text} in printable ASCII (others as \\uXXXX), cut to {@code max} characters. */
  static String printable(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
      if (out.length() >= max) {
        out.setLength(max - 3);
        out.append("...");
        break;
      }
    }
    return out.toString();
  }

  private static StatusRuntimeException status(Code code, String message, Any detail) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(printable(message, MAX_MESSAGE_CHARS));
    if (detail != null) {
      status.addDetails(detail);
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
