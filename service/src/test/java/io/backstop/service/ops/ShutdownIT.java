package io.backstop.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.util.JsonFormat;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.StreamQuoteCoverRequest;
import io.backstop.proto.v1.StreamQuoteCoverResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a server started by {@code ./backstop serve}, as Kubernetes sends it: health turns
 * NOT_SERVING and a new call gets UNAVAILABLE at once, the call in flight runs for the drain
 * timeout counted from the signal (Quarkus's own wait inside it, not after it), is then cut with
 * UNAVAILABLE (retry elsewhere, not CANCELLED), and the process exits with nothing thrown.
 */
class ShutdownIT {
  private static final Path ROOT =
      Path.of(System.getProperty("backstop.root", "..")).toAbsolutePath().normalize();
  private static final long DRAIN_SECONDS = 3;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void sigtermRefusesNewCallsAndCutsTheCallLeftAtTheDrainTimeoutWithUnavailable() throws Exception {
    int port = freePort();
    Path log = Files.createTempFile("backstop-shutdown", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                ROOT.resolve("backstop").toString(),
                "serve",
                "--port",
                "" + port,
                "--management-port",
                "" + freePort())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("BACKSTOP_NO_BUILD", "1");
    pb.environment().put("BACKSTOP_WARMUP_ENABLED", "false");
    pb.environment().put("BACKSTOP_SHUTDOWN_DRAIN_TIMEOUT", DRAIN_SECONDS + "s");
    Process server = pb.start();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    try {
      var health = HealthGrpc.newBlockingStub(channel);
      awaitServing(health, server, log);

      // A quote far longer than the drain, seen running before the signal.
      QuoteCoverRequest.Builder quote = QuoteCoverRequest.newBuilder();
      JsonFormat.parser()
          .merge(Files.readString(ROOT.resolve("examples/crypto-lending.json")), quote);
      quote.getSettingsBuilder().setScenarios(200_000);
      StreamQuoteCoverRequest.Builder streamed = StreamQuoteCoverRequest.newBuilder();
      JsonFormat.parser().merge(JsonFormat.printer().print(quote), streamed);
      Iterator<StreamQuoteCoverResponse> events =
          PricingServiceGrpc.newBlockingStub(channel).streamQuoteCover(streamed.build());
      while (!events.next().getProgress().getStage().equals("simulate")) {
        // validation done once the simulation reports
      }
      CompletableFuture<Status> inFlight =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  events.forEachRemaining(e -> {});
                  return Status.OK;
                } catch (StatusRuntimeException e) {
                  return e.getStatus();
                }
              });

      long signalled = System.nanoTime();
      server.destroy(); // SIGTERM
      ServingStatus status = ServingStatus.SERVING;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (status == ServingStatus.SERVING && System.nanoTime() < until) {
        status = health.check(HealthCheckRequest.getDefaultInstance()).getStatus();
      }
      assertEquals(ServingStatus.NOT_SERVING, status, "health after SIGTERM");
      StatusRuntimeException refused =
          assertThrows(
              StatusRuntimeException.class,
              () -> PricingServiceGrpc.newBlockingStub(channel).quoteCover(quote.build()));
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.toString());
      assertTrue(
          refused.getStatus().getDescription().contains("retry on another replica"),
          refused.toString());

      Status cut = inFlight.get(DRAIN_SECONDS + 20, TimeUnit.SECONDS);
      double cutAfter = (System.nanoTime() - signalled) / 1e9;
      assertEquals(Status.Code.UNAVAILABLE, cut.getCode(), cut.toString());
      assertNotNull(cut.getDescription(), cut.toString());
      assertTrue(cut.getDescription().contains("shutting down"), cut.toString());
      // Cut at the drain timeout counted from the signal: not before, and not after a second
      // wait of the same length.
      assertTrue(
          cutAfter >= DRAIN_SECONDS - 0.5 && cutAfter < 2 * DRAIN_SECONDS,
          "cut " + cutAfter + " s after SIGTERM");

      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server exits");
      String out = Files.readString(log);
      assertFalse(out.contains("Exception in thread"), out);
      assertFalse(out.contains("ArC container not initialized"), out);
      assertTrue(out.contains("cut off (UNAVAILABLE)"), out);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      if (server.isAlive()) {
        server.destroyForcibly();
      }
    }
  }

  private static void awaitServing(HealthGrpc.HealthBlockingStub health, Process server, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        if (health
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus()
            == ServingStatus.SERVING) {
          return;
        }
      } catch (StatusRuntimeException notYet) {
        // not listening yet
      }
      assertTrue(server.isAlive(), "server exited: " + Files.readString(log));
      Thread.sleep(300);
    }
    fail("the server was not SERVING within 90 s: " + Files.readString(log));
  }
}
