package io.backstop.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.service.capacity.AdmissionController;
import io.backstop.service.grpc.Examples;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A client whose connection drops while its quote runs (its process died: the TCP connection closes
 * with no HTTP/2 reset of the stream) has its call cancelled, as API.md requires of a cancelled
 * call: the simulation stops and its thread is freed, instead of running to its end for nobody. The
 * connection goes through a TCP relay that the test closes.
 */
@QuarkusTest
class ClientGoneTest {
  @Inject InFlight inFlight;
  @Inject AdmissionController admission;
  @Inject MeterRegistry registry;

  @Test
  void aQuoteWhoseConnectionDropsIsCancelledNotRunToItsEnd() throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    QuoteCoverRequest.Builder quote = Examples.quote("crypto-lending").toBuilder();
    quote.getSettingsBuilder().setScenarios(200_000); // seconds of work on any machine
    // Calls of earlier tests in this application are over (and counted) before we count.
    assertTrue(inFlight.awaitIdle(java.time.Duration.ofSeconds(60)), "earlier calls still running");
    double cancelledBefore = count("CANCELLED");
    double okBefore = count("OK");
    try (Relay relay = new Relay(port)) {
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("localhost", relay.port()).usePlaintext().build();
      Thread caller =
          new Thread(
              () -> {
                try {
                  PricingServiceGrpc.newBlockingStub(channel).quoteCover(quote.build());
                } catch (RuntimeException expected) {
                  // the connection is cut under it
                }
              });
      caller.start();
      awaitRunning();
      relay.cut(); // the client's connection drops: no RST_STREAM, no GOAWAY
      caller.join(TimeUnit.SECONDS.toMillis(30));
      channel.shutdownNow();
    }
    assertTrue(inFlight.awaitIdle(java.time.Duration.ofSeconds(60)), "the call ended");
    assertEquals(cancelledBefore + 1, count("CANCELLED"), "the call was cancelled");
    assertEquals(okBefore, count("OK"), "the call did not run to its end");
    assertEquals(0, StreamWatch.openCount(), "every stream's watch is closed when it ends");
  }

  private double count(String status) {
    Counter c =
        registry.find("backstop.calls").tags("rpc", "QuoteCover", "status", status).counter();
    return c == null ? 0 : c.count();
  }

  /** Our call (the only one) is admitted and running. */
  private void awaitRunning() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inFlight.count() == 0 || admission.running() == 0) {
      if (System.nanoTime() > deadline) {
        fail("the quote did not start");
      }
      Thread.sleep(20);
    }
  }

  /** A TCP relay to the server whose connections the test can drop. */
  static final class Relay implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    Relay(int target) throws IOException {
      Thread accept =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket client = listener.accept();
                    Socket server = new Socket("localhost", target);
                    sockets.add(client);
                    sockets.add(server);
                    pump(client, server);
                    pump(server, client);
                  }
                } catch (IOException closed) {
                  // the relay is closed
                }
              });
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private static void pump(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  in.transferTo(out);
                } catch (IOException closed) {
                  // cut
                }
              });
      t.setDaemon(true);
      t.start();
    }

    /** Closes every relayed connection at the TCP level. */
    void cut() throws IOException {
      for (Socket s : sockets) {
        s.close();
      }
    }

    @Override
    public void close() throws IOException {
      cut();
      listener.close();
    }
  }
}
