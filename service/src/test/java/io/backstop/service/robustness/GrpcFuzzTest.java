package io.backstop.service.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.StreamQuoteCoverRequest;
import io.backstop.proto.v1.StressTestRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutated requests and random bytes over the real server: only OK or INVALID_ARGUMENT with a
 * BadRequest naming top-level fields come back; never INTERNAL, UNKNOWN or UNIMPLEMENTED, and the
 * server keeps answering.
 */
@QuarkusTest
class GrpcFuzzTest {
  static final long SEED = 77L;
  static final int CASES = 300;
  static final int RANDOM_BYTE_CASES = 100;
  static final Set<Status.Code> ALLOWED = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT);

  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void mutatedRequestsGetOnlyContractStatuses() {
    var stub = PricingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    Mutations mutations = new Mutations();
    Random random = new Random(SEED);
    Map<Status.Code, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      Mutations.Case c = mutations.next(random, i);
      Status status = Status.OK;
      com.google.rpc.Status detail = null;
      try {
        if (c.request() instanceof QuoteCoverRequest q) {
          if (random.nextBoolean()) {
            stub.quoteCover(q);
          } else {
            // The stream ends with the result or the status; drain it.
            stub.streamQuoteCover(
                    StreamQuoteCoverRequest.newBuilder()
                        .setExposure(q.getExposure())
                        .setCover(q.getCover())
                        .setSettings(q.getSettings())
                        .build())
                .forEachRemaining(m -> {});
          }
        } else if (c.request() instanceof AssessCollateralRequest a) {
          stub.assessCollateral(a);
        } else {
          stub.stressTest((StressTestRequest) c.request());
        }
      } catch (StatusRuntimeException e) {
        status = e.getStatus();
        detail = StatusProto.fromThrowable(e);
      }
      outcomes.merge(status.getCode(), 1, Integer::sum);
      String bad = check(c.request(), status, detail);
      if (bad != null) {
        failures.add(Mutations.describe(c) + " -> " + bad);
      }
    }
    System.out.println("gRPC fuzz: " + outcomes);
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " failures, first:\n"
            + String.join("\n", failures.stream().limit(10).toList()));
    assertTrue(stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()).hasLimits());
  }

  @Test
  void randomBytesAsTheWholeMessageNeverGetInternal() {
    Random random = new Random(SEED);
    Map<Status.Code, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (String method : List.of("QuoteCover", "AssessCollateral", "StressTest")) {
      MethodDescriptor<byte[], byte[]> raw = raw("backstop.v1.PricingService/" + method);
      for (int i = 0; i < RANDOM_BYTE_CASES; i++) {
        byte[] bytes = new byte[random.nextInt(i < 50 ? 64 : 4_096)];
        random.nextBytes(bytes);
        Status status = Status.OK;
        try {
          ClientCalls.blockingUnaryCall(
              channel, raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), bytes);
        } catch (StatusRuntimeException e) {
          status = e.getStatus();
        }
        outcomes.merge(status.getCode(), 1, Integer::sum);
        if (!ALLOWED.contains(status.getCode())) {
          failures.add(
              method + " random bytes #" + i + " (" + bytes.length + " bytes) -> " + status);
        }
      }
    }
    System.out.println("random bytes: " + outcomes);
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " failures, first:\n"
            + String.join("\n", failures.stream().limit(10).toList()));
    assertTrue(
        PricingServiceGrpc.newBlockingStub(channel)
            .getModelInfo(GetModelInfoRequest.getDefaultInstance())
            .hasLimits());
  }

  /** Null if {@code status} keeps the contract, else what is wrong. */
  static String check(
      com.google.protobuf.Message request, Status status, com.google.rpc.Status detail) {
    if (!ALLOWED.contains(status.getCode())) {
      return "status " + status;
    }
    if (status.getCode() != Status.Code.INVALID_ARGUMENT) {
      return null;
    }
    if (detail == null) {
      return "INVALID_ARGUMENT without details";
    }
    try {
      for (var any : detail.getDetailsList()) {
        if (any.is(BadRequest.class)) {
          BadRequest br = any.unpack(BadRequest.class);
          if (br.getFieldViolationsCount() == 0) {
            return "empty BadRequest";
          }
          for (var v : br.getFieldViolationsList()) {
            String top = v.getField().split("[.\\[]", 2)[0];
            if (!Mutations.TOP_LEVEL.contains(top)) {
              return "field path " + v.getField() + " outside the request";
            }
            String unresolved = Mutations.unresolved(request.getDescriptorForType(), v.getField());
            if (unresolved != null) {
              return unresolved;
            }
          }
          return null;
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return "unreadable detail " + e;
    }
    return "INVALID_ARGUMENT without google.rpc.BadRequest";
  }

  static MethodDescriptor<byte[], byte[]> raw(String fullName) {
    MethodDescriptor.Marshaller<byte[]> bytes =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
          }

          @Override
          public byte[] parse(InputStream stream) {
            try {
              return stream.readAllBytes();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(bytes)
        .setResponseMarshaller(bytes)
        .build();
  }
}
