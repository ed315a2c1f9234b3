import com.google.protobuf.util.JsonFormat;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.PricingApplication;
import io.backstop.service.app.RequestCost;
import io.backstop.service.app.RequestLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How soon a quote stops after its call is cancelled, with the real engine in-process: the
 * crypto-lending example grown to ASSETS assets (copies of WETH, each with a put), a horizon of
 * HOURS, SCENARIOS scenarios and every option expiring in EXPIRY days, cancelled CANCEL_MS after it
 * starts; prints the stage it had reached and the milliseconds from the cancel to the call's end
 * (API.md: 100 ms at most). A large book on a long horizon is the hard case: its blocks of 32
 * scenarios run for seconds.
 *
 * <p>usage, from the repository root after `mvn -B -DskipTests package`:
 * java -cp "service/target/quarkus-app/app/*:service/target/quarkus-app/lib/main/*:service/target/quarkus-app/lib/boot/*" \
 *     tools/bench/CancelLatency.java [ASSETS=32] [HOURS=720] [SCENARIOS=256] [EXPIRY=30] CANCEL_MS...
 */
public class CancelLatency {
  public static void main(String[] args) throws Exception {
    int assets = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    double hours = args.length > 1 ? Double.parseDouble(args[1]) : 720;
    int scenarios = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    double expiry = args.length > 3 ? Double.parseDouble(args[3]) : 30;
    QuoteCoverRequest.Builder b = QuoteCoverRequest.newBuilder();
    JsonFormat.parser().merge(Files.readString(Path.of("examples/crypto-lending.json")), b);
    var asset = b.getExposure().getAssets(0);
    var option = b.getExposure().getOptions(0);
    for (int i = b.getExposure().getAssetsCount(); i < assets; i++) {
      b.getExposureBuilder().addAssets(asset.toBuilder().setId("COPY" + i));
      b.getExposureBuilder().addOptions(option.toBuilder().setAssetId("COPY" + i));
    }
    for (int i = 0; i < b.getExposureBuilder().getOptionsCount(); i++) {
      b.getExposureBuilder().getOptionsBuilder(i).setExpiryDays(expiry);
    }
    b.getSettingsBuilder().setScenarios(scenarios).setHorizonHours(hours);
    QuoteCoverRequest request = b.build();
    PricingApplication app = PricingApplication.standalone(PricingApplication.corePool());
    System.out.printf(
        "%d assets, %.0f h, %d scenarios: %,d work units%n",
        assets,
        hours,
        scenarios,
        RequestCost.ofQuote(request.getExposure(), request.getSettings(), RequestLimits.DEFAULT));
    QuoteCoverRequest.Builder warm = request.toBuilder();
    warm.getSettingsBuilder().setScenarios(32).setHorizonHours(24);
    app.quote(warm.build(), CallContext.detached()); // class loading and the validator's start
    for (int i = 4; i < args.length; i++) {
      long cancelAfter = Long.parseLong(args[i]);
      AtomicLong cancelAt = new AtomicLong();
      AtomicReference<String> stage = new AtomicReference<>("none yet");
      CallContext context =
          CallContext.of(
              p -> stage.set(p.getStage() + " " + p.getScenariosDone() + "/" + p.getScenariosTotal()),
              () -> System.nanoTime() - cancelAt.get() >= 0);
      long start = System.nanoTime();
      cancelAt.set(start + cancelAfter * 1_000_000L);
      try {
        app.quote(request, context);
        System.out.printf(
            "cancel at %,d ms: the quote had finished (%,d ms)%n",
            cancelAfter, (System.nanoTime() - start) / 1_000_000);
      } catch (BackstopException.Cancelled e) {
        System.out.printf(
            "cancel at %,d ms (progress: %s): stopped %,d ms after it%n",
            cancelAfter, stage.get(), (System.nanoTime() - cancelAt.get()) / 1_000_000);
      }
    }
    System.exit(0);
  }
}
