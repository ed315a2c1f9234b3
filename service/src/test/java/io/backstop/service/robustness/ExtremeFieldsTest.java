package io.backstop.service.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.PricingApplication;
import io.backstop.service.grpc.Examples;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every numeric field of every example request, one at a time, set to its type's extremes (the
 * largest and the smallest positive double, the largest and the smallest int or long): the quote
 * and the stress test either price to finite figures or refuse the request with INVALID_ARGUMENT;
 * never an internal error. (The random mutations of {@link ApplicationFuzzTest} met a debt of 1e308
 * once in 12,000 cases; this sweep found it, an open interest of 1e308 and subnormal depths in
 * every example.)
 */
class ExtremeFieldsTest {
  private static final PricingApplication APP =
      PricingApplication.standalone(io.backstop.core.sim.Parallelism.sequential());

  /** The extremes of a field of the path's last step's type. */
  private static List<Object> extremes(FieldDescriptor f) {
    return switch (f.getJavaType()) {
      case DOUBLE -> List.of(Double.MAX_VALUE, Double.MIN_VALUE);
      case INT -> List.of(Integer.MAX_VALUE, Integer.MIN_VALUE);
      case LONG -> List.of(Long.MAX_VALUE, Long.MIN_VALUE);
      default -> List.of();
    };
  }

  /** One step of a path to a field: the field and, for a repeated one, the element (else -1). */
  record Step(FieldDescriptor field, int index) {}

  /** Paths to every numeric field of {@code m} (repeated elements one by one). */
  private static void numericFields(Message m, List<Step> prefix, List<List<Step>> out) {
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      boolean isNumber = !extremes(f).isEmpty();
      boolean isMessage = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
      if (!isNumber && !isMessage) {
        continue;
      }
      int n = f.isRepeated() ? m.getRepeatedFieldCount(f) : (m.hasField(f) || isNumber ? 1 : 0);
      for (int i = 0; i < n; i++) {
        List<Step> path = new ArrayList<>(prefix);
        path.add(new Step(f, f.isRepeated() ? i : -1));
        if (isNumber) {
          out.add(path);
        } else {
          Message child = (Message) (f.isRepeated() ? m.getRepeatedField(f, i) : m.getField(f));
          numericFields(child, path, out);
        }
      }
    }
  }

  /** {@code m} with the number at {@code path} set to {@code value}. */
  private static Message with(Message m, List<Step> path, Object value) {
    Step s = path.get(0);
    Message.Builder b = m.toBuilder();
    if (path.size() == 1) {
      if (s.index() >= 0) {
        b.setRepeatedField(s.field(), s.index(), value);
      } else {
        b.setField(s.field(), value);
      }
    } else if (s.index() >= 0) {
      Message child = (Message) m.getRepeatedField(s.field(), s.index());
      b.setRepeatedField(s.field(), s.index(), with(child, path.subList(1, path.size()), value));
    } else {
      Message child = (Message) m.getField(s.field());
      b.setField(s.field(), with(child, path.subList(1, path.size()), value));
    }
    return b.build();
  }

  private static String name(List<Step> path) {
    StringBuilder sb = new StringBuilder();
    for (Step s : path) {
      sb.append(sb.length() == 0 ? "" : ".").append(s.field().getName());
      if (s.index() >= 0) {
        sb.append('[').append(s.index()).append(']');
      }
    }
    return sb.toString();
  }

  /**
   * The figures of a quote of {@code q} and of a stress test of its exposure, each to be finite:
   * premium, expected loss, cascade index; the stress path's bad debt and cascade index.
   */
  static double[] quoteAndStressFigures(PricingApplication app, QuoteCoverRequest q) {
    QuoteCoverResponse r = app.quote(q, CallContext.detached());
    StressTestResponse s =
        app.stress(
            StressTestRequest.newBuilder().setExposure(q.getExposure()).build(),
            CallContext.detached());
    return new double[] {
      r.getPremium().getPremiumUsd(),
      r.getTailLoss().getExpectedLossUsd(),
      r.getCascade().getCascadeIndex(),
      s.getBadDebtUsd(),
      s.getCascadeIndex()
    };
  }

  /** A figure the response must give as a finite number, or a refusal. */
  interface Call {
    double[] figures(Message request);
  }

  /** Outcomes of a sweep: requests priced, refused, and what went wrong. */
  private static final class Outcomes {
    int priced;
    int refused;
    final List<String> failures = new ArrayList<>();
  }

  /**
   * Sets each numeric field of {@code base} (except under {@code skip}) to its extremes, one at a
   * time, and calls {@code call}: finite figures or INVALID_ARGUMENT.
   */
  private static void sweep(String label, Message base, Set<String> skip, Call call, Outcomes out) {
    List<List<Step>> paths = new ArrayList<>();
    numericFields(base, List.of(), paths);
    for (List<Step> path : paths) {
      if (skip.contains(path.get(0).field().getName())) {
        continue;
      }
      for (Object value : extremes(path.get(path.size() - 1).field())) {
        String c = label + " " + name(path) + " = " + value;
        try {
          for (double figure : call.figures(with(base, path, value))) {
            if (!Double.isFinite(figure)) {
              out.failures.add(c + ": a non-finite figure");
            }
          }
          out.priced++;
        } catch (BackstopException.InvalidRequest e) {
          out.refused++;
        } catch (RuntimeException e) {
          out.failures.add(c + ": " + e);
        }
      }
    }
  }

  @Test
  void everyNumericFieldAtTheExtremesPricesOrIsRefused() {
    Outcomes out = new Outcomes();
    for (String example : Examples.NAMES) {
      QuoteCoverRequest quote = Examples.quote(example);
      quote =
          quote.toBuilder().setSettings(quote.getSettings().toBuilder().setScenarios(50)).build();
      sweep(
          example + " quote",
          quote,
          Set.of(),
          m -> quoteAndStressFigures(APP, (QuoteCoverRequest) m),
          out);
      // The other requests' own fields (their exposure is the quote's, swept above).
      StressTestRequest.Builder stress =
          StressTestRequest.newBuilder().setExposure(quote.getExposure()).setMaxRounds(20);
      for (var asset : quote.getExposure().getAssetsList()) {
        stress.addShocksBuilder().setAssetId(asset.getId()).setShockFraction(-0.3);
      }
      sweep(
          example + " stress",
          stress.build(),
          Set.of("exposure"),
          m -> {
            StressTestResponse s = APP.stress((StressTestRequest) m, CallContext.detached());
            return new double[] {s.getBadDebtUsd(), s.getCascadeIndex()};
          },
          out);
      sweep(
          example + " collateral",
          AssessCollateralRequest.newBuilder()
              .setExposure(quote.getExposure())
              .setSettings(quote.getSettings())
              .setTargetProbability(0.01)
              .build(),
          Set.of("exposure"),
          m ->
              APP
                  .assessCollateral((AssessCollateralRequest) m, CallContext.detached())
                  .getCollateralList()
                  .stream()
                  .mapToDouble(r -> r.getMaxLtv() + r.getLiquidationThreshold())
                  .toArray(),
          out);
    }
    System.out.printf("extreme fields: %d priced, %d refused%n", out.priced, out.refused);
    assertTrue(out.priced > 0 && out.refused > 0, "both outcomes occur");
    assertTrue(
        out.failures.isEmpty(),
        out.failures.size()
            + " failures:\n"
            + String.join("\n", out.failures.stream().limit(10).toList()));
  }
}
