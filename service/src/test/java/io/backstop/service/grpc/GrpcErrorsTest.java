package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.FieldViolation;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Error details stay readable by every client, whatever the request echoes into them. */
class GrpcErrorsTest {

  /** grpc-java's and grpc-go's default limit on received metadata (headers or trailers). */
  static final int CLIENT_METADATA_LIMIT = 8 * 1024;

  @Test
  void thousandsOfViolationsWithHostileTextFitInTheTrailers() throws Exception {
    List<FieldViolation> violations = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      violations.add(
          new FieldViolation(
              "exposure.loan_buckets[" + i + "].collateral_asset_id",
              "names unknown asset \"é\u0000😀" + "x".repeat(4_000) + "\""));
    }
    var e = GrpcErrors.toStatus(new BackstopException.InvalidRequest(violations));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    Metadata trailers = e.getTrailers();
    int size = 0;
    for (String key : trailers.keys()) {
      if (key.endsWith("-bin")) {
        for (byte[] v : trailers.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
          size += key.length() + (v.length * 4 + 2) / 3; // base64 on the wire
        }
      }
    }
    size += e.getStatus().getDescription().length();
    assertTrue(size < CLIENT_METADATA_LIMIT - 1024, "trailers of " + size + " bytes");
    BadRequest br = StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class);
    assertTrue(br.getFieldViolationsCount() >= 5, "several violations listed");
    assertTrue(br.getFieldViolations(0).getDescription().contains("\\u0000"));
    assertTrue(e.getStatus().getDescription().contains("more bad fields not listed"));
    for (char c : e.getStatus().getDescription().toCharArray()) {
      assertTrue(c >= 0x20 && c < 0x7f, "printable ASCII only");
    }
  }

  @Test
  void capacityCarriesRetryInfo() throws Exception {
    var e = GrpcErrors.toStatus(new BackstopException.AtCapacity("busy", Duration.ofMillis(1500)));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    RetryInfo retry = StatusProto.fromThrowable(e).getDetails(0).unpack(RetryInfo.class);
    assertEquals(1, retry.getRetryDelay().getSeconds());
    assertEquals(500_000_000, retry.getRetryDelay().getNanos());
  }

  @Test
  void anythingElseIsInternalWithoutLeakingTheException() {
    var e = GrpcErrors.toStatus(new IllegalStateException("secret detail"));
    assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
    assertTrue(!e.getStatus().getDescription().contains("secret"));
  }
}
