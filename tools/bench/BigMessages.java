import io.backstop.proto.v1.*;
import io.grpc.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Inbound message memory under a flood: CALLERS concurrent unary QuoteCover calls on CHANNELS
 * channels (connections),
 * each a request of about SIZE bytes (a long protocol_id, so the server parses it and refuses it
 * as INVALID_ARGUMENT), ROUNDS times; prints the calls' statuses. docs/operations.md, "Inbound
 * message memory", has what it showed.
 *
 * <p>usage, from the repository root, against `BACKSTOP_JAVA_OPTS=-Xmx512m ./backstop serve`:
 * java -cp "service/target/quarkus-app/app/*:service/target/quarkus-app/lib/main/*:service/target/quarkus-app/lib/boot/*" \
 *     tools/bench/BigMessages.java localhost:9000 CALLERS SIZE [ROUNDS=1] [CHANNELS=1]
 */
public class BigMessages {
  public static void main(String[] a) throws Exception {
    String target = a[0];
    int n = Integer.parseInt(a[1]);
    int size = Integer.parseInt(a[2]);
    int rounds = a.length > 3 ? Integer.parseInt(a[3]) : 1;
    int channels = a.length > 4 ? Integer.parseInt(a[4]) : 1;
    QuoteCoverRequest req = QuoteCoverRequest.newBuilder()
        .setExposure(ProtocolExposure.newBuilder().setProtocolId("x".repeat(size - 16)))
        .build();
    System.out.println("request bytes " + req.getSerializedSize());
    ManagedChannel[] chs = new ManagedChannel[channels];
    PricingServiceGrpc.PricingServiceBlockingStub[] stubs = new PricingServiceGrpc.PricingServiceBlockingStub[channels];
    for (int c = 0; c < channels; c++) {
      chs[c] = ManagedChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 << 20).build();
      stubs[c] = PricingServiceGrpc.newBlockingStub(chs[c]);
    }
    ConcurrentHashMap<String, AtomicInteger> codes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      CountDownLatch done = new CountDownLatch(n);
      for (int i = 0; i < n; i++) {
        var stub = stubs[i % channels];
        pool.execute(() -> {
          String code;
          try { stub.withDeadlineAfter(60, TimeUnit.SECONDS).quoteCover(req); code = "OK"; }
          catch (StatusRuntimeException e) { code = e.getStatus().getCode() + ":" + String.valueOf(e.getStatus().getDescription()).replaceAll("[0-9,]+", "N").substring(0, Math.min(60, String.valueOf(e.getStatus().getDescription()).length())); }
          codes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
          done.countDown();
        });
      }
      done.await();
    }
    System.out.printf("%d calls in %d ms: %s%n", n * rounds, (System.nanoTime() - t0) / 1_000_000, codes);
    pool.shutdown();
    for (ManagedChannel ch : chs) ch.shutdownNow();
  }
}
