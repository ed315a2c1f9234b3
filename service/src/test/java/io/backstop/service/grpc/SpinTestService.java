package io.backstop.service.grpc;

import com.google.protobuf.Empty;
import io.backstop.service.app.BackstopException;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Test only: a service whose one method stands in for a long simulation, served by the real server
 * through the production interceptor and {@link CallRunner}, so that deadlines and cancellation are
 * tested on the Vert.x server on the shared port. It spins, polling {@code checkAlive()} every
 * millisecond, until the call ends.
 */
@GrpcService
public class SpinTestService implements BindableService {
  static final String SERVICE = "backstop.test.Spin";

  static final MethodDescriptor.Marshaller<byte[]> BYTES =
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

  static final MethodDescriptor<byte[], byte[]> SPIN =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(SERVICE + "/Spin")
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  /** When each spin stopped, relative to its deadline, and why. */
  record Stopped(long atNanos, long nanosAfterDeadline, Throwable why, String thread) {}

  static final BlockingQueue<Stopped> STOPPED = new LinkedBlockingQueue<>();
  static final BlockingQueue<Long> STARTED = new LinkedBlockingQueue<>();

  @Inject CallRunner runner;

  @Override
  public ServerServiceDefinition bindService() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            SPIN,
            ServerCalls.asyncUnaryCall(
                (request, out) ->
                    runner.run(
                        "Spin", Empty.getDefaultInstance(), 1, out, (context, r) -> spin(context))))
        .build();
  }

  private static byte[] spin(GrpcCallContext context) {
    long deadline = System.nanoTime() + context.timeLeftNanos();
    STARTED.add(System.nanoTime());
    try {
      while (true) {
        context.checkAlive();
        LockSupport.parkNanos(1_000_000);
      }
    } catch (BackstopException e) {
      long now = System.nanoTime();
      STOPPED.add(new Stopped(now, now - deadline, e, Thread.currentThread().getName()));
      throw e;
    }
  }
}
