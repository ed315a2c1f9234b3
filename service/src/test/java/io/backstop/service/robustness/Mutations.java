package io.backstop.service.robustness;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.RunSettings;
import io.backstop.proto.v1.Shock;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.service.grpc.Examples;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Seeded cases for the robustness tests: a valid request of each RPC, then 1-4 mutations. */
final class Mutations {
  /** Field paths a BadRequest may name: the request's top-level fields. */
  static final Set<String> TOP_LEVEL =
      Set.of("exposure", "cover", "settings", "shocks", "target_probability", "max_rounds");

  /**
   * Null if {@code path} (a BadRequest field path such as {@code
   * exposure.assets[2].liquidity.bid_ladder.levels[3].price_usd}) names a field of {@code root} by
   * its proto names, indexing only repeated fields and descending only into messages; else what
   * does not resolve.
   */
  static String unresolved(Descriptors.Descriptor root, String path) {
    Descriptors.Descriptor at = root;
    String[] segments = path.split("\\.", -1);
    for (int i = 0; i < segments.length; i++) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("([a-z0-9_]+)(\\[(\\d+)\\])?").matcher(segments[i]);
      if (at == null || !m.matches()) {
        return "path " + path + ": segment '" + segments[i] + "' is not a field name";
      }
      Descriptors.FieldDescriptor field = at.findFieldByName(m.group(1));
      if (field == null) {
        return "path " + path + ": " + at.getName() + " has no field " + m.group(1);
      }
      if (m.group(2) != null && !field.isRepeated()) {
        return "path " + path + ": " + m.group(1) + " is indexed but not repeated";
      }
      if (m.group(2) == null && field.isRepeated() && i < segments.length - 1) {
        return "path " + path + ": " + m.group(1) + " is repeated but not indexed";
      }
      at =
          field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
              ? field.getMessageType()
              : null;
    }
    return null;
  }

  /** Small runs, so that cases that pass validation stay quick once the engine is wired. */
  static final int SCENARIOS = 200;

  record Case(int index, Message request, List<String> mutations) {}

  private final List<QuoteCoverRequest> bases = new ArrayList<>();

  Mutations() {
    for (String name : Examples.NAMES) {
      QuoteCoverRequest q = Examples.quote(name);
      bases.add(
          q.toBuilder().setSettings(q.getSettings().toBuilder().setScenarios(SCENARIOS)).build());
    }
  }

  Case next(Random random, int index) {
    QuoteCoverRequest quote = bases.get(random.nextInt(bases.size()));
    List<String> ids = quote.getExposure().getAssetsList().stream().map(a -> a.getId()).toList();
    Message base =
        switch (random.nextInt(4)) {
          case 0, 1 -> quote;
          case 2 ->
              AssessCollateralRequest.newBuilder()
                  .setExposure(quote.getExposure())
                  .setTargetProbability(0.01)
                  .setSettings(quote.getSettings())
                  .build();
          default ->
              StressTestRequest.newBuilder()
                  .setExposure(quote.getExposure())
                  .addShocks(Shock.newBuilder().setAssetId(ids.get(0)).setShockFraction(-0.4))
                  .setMaxRounds(10)
                  .build();
        };
    RequestMutator mutator = new RequestMutator(random, ids);
    Message mutated = mutator.mutate(base, 1 + random.nextInt(4));
    return new Case(index, capScenarios(mutated), mutator.log);
  }

  /**
   * Keeps valid-sized runs small: a mutation that raised the scenario count within the limits would
   * only make the test slow once the engine runs; counts outside the limits stay.
   */
  private static Message capScenarios(Message m) {
    if (m instanceof QuoteCoverRequest q && q.hasSettings()) {
      return q.toBuilder().setSettings(cap(q.getSettings())).build();
    }
    if (m instanceof AssessCollateralRequest a && a.hasSettings()) {
      return a.toBuilder().setSettings(cap(a.getSettings())).build();
    }
    return m;
  }

  private static RunSettings cap(RunSettings s) {
    if (s.getScenarios() > SCENARIOS && s.getScenarios() <= 200_000) {
      return s.toBuilder().setScenarios(SCENARIOS).build();
    }
    return s;
  }

  static String describe(Case c) {
    return "case "
        + c.index()
        + " "
        + c.request().getDescriptorForType().getName()
        + ": "
        + String.join("; ", c.mutations());
  }
}
