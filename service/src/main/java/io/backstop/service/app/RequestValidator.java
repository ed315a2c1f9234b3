package io.backstop.service.app;

import static io.backstop.core.model.PlainNumbers.plain;

import io.backstop.core.model.BidLadder;
import io.backstop.core.model.ConstantProductPool;
import io.backstop.core.model.CoverTerms;
import io.backstop.core.model.DepthCurve;
import io.backstop.core.model.ExposureRules;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.model.Shock;
import io.backstop.core.model.Violation;
import io.backstop.core.pricing.CollateralAssessor;
import io.backstop.core.pricing.CoverPricer;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a request at the service boundary: the published limits first (cheap, and they bound
 * the work that follows), then the core records' Bean Validation constraints and the core's
 * cross-field rules. Every violation is reported at once, one per field, with its proto path
 * ({@code exposure.assets[2].annual_volatility}).
 */
public final class RequestValidator {
  private static final Pattern CURVE = Pattern.compile("assets\\[(\\d+)]\\.liquidity\\.curve");

  private final Supplier<Validator> validator;
  private final RequestLimits limits;

  public RequestValidator(Validator validator, RequestLimits limits) {
    this(() -> validator, limits);
  }

  /** With the Bean Validator asked for only when a request is first checked. */
  public RequestValidator(Supplier<Validator> validator, RequestLimits limits) {
    this.validator = validator;
    this.limits = limits;
  }

  /** Collects violations for one request; {@link #throwIfAny()} ends the check. */
  public final class Check {
    private final Map<String, List<String>> byField = new TreeMap<>();
    private final Set<String> missing = new HashSet<>();
    // Enum fields sent with a number this server does not know: their messages say which.
    private final Map<String, Integer> unknownEnumNumbers = new java.util.HashMap<>();

    /**
     * Notes the exposure's enum fields whose numbers this server does not know (a newer client's,
     * or a typo in a number), so that their "must be set" says what was sent.
     */
    public Check enumNumbers(io.backstop.proto.v1.ProtocolExposure sent) {
      for (int i = 0; i < sent.getAssetsCount(); i++) {
        var a = sent.getAssets(i);
        if (a.getAssetClass() == io.backstop.proto.v1.AssetClass.UNRECOGNIZED) {
          unknownEnumNumbers.put("exposure.assets[" + i + "].asset_class", a.getAssetClassValue());
        }
        if (a.getOracle().getKind() == io.backstop.proto.v1.OracleKind.UNRECOGNIZED) {
          unknownEnumNumbers.put(
              "exposure.assets[" + i + "].oracle.kind", a.getOracle().getKindValue());
        }
      }
      for (int i = 0; i < sent.getOptionsCount(); i++) {
        var o = sent.getOptions(i);
        if (o.getOptionType() == io.backstop.proto.v1.OptionType.UNRECOGNIZED) {
          unknownEnumNumbers.put("exposure.options[" + i + "].option_type", o.getOptionTypeValue());
        }
      }
      return this;
    }

    public Check limit(String field, long value, long max, String what) {
      if (value > max) {
        add(
            field,
            String.format(
                Locale.ROOT,
                "has %,d %s; the published limit is %,d (see GetModelInfo)",
                value,
                what,
                max));
      }
      return this;
    }

    /** A quantity in {@code unit} over its published limit: "is 400 days; the published ...". */
    private void overLimit(String field, double value, double max, String unit) {
      if (value > max) {
        add(
            field,
            String.format(
                Locale.ROOT,
                "is %s %s; the published limit is %s %s (see GetModelInfo)",
                plain(value),
                unit,
                plain(max),
                unit));
      }
    }

    public Check require(boolean present, String field, String what) {
      if (!present) {
        add(field, "must be set: " + what);
        missing.add(field);
      }
      return this;
    }

    /**
     * Adds a violation; one inside a field already reported as not set (exposure.assets when the
     * exposure is missing) is left out: the cause is reported once.
     */
    public Check add(String field, String message) {
      for (String absent : missing) {
        if (field.startsWith(absent + ".") || field.startsWith(absent + "[")) {
          return this;
        }
      }
      byField.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
      return this;
    }

    /** The published limits on an exposure's size. */
    public Check exposureLimits(io.backstop.proto.v1.ProtocolExposure e) {
      limit("exposure.assets", e.getAssetsCount(), limits.maxAssets(), "assets");
      limit(
          "exposure.loan_buckets",
          e.getLoanBucketsCount(),
          limits.maxLoanBuckets(),
          "loan buckets");
      limit("exposure.options", e.getOptionsCount(), limits.maxOptions(), "option positions");
      limit(
          "exposure.correlations",
          e.getCorrelationsCount(),
          limits.maxCorrelations(),
          "correlation entries");
      limit(
          "exposure.cross_impacts",
          e.getCrossImpactsCount(),
          limits.maxCrossImpacts(),
          "cross-impact entries");
      for (int i = 0; i < e.getAssetsCount(); i++) {
        var l = e.getAssets(i).getLiquidity();
        if (l.hasBidLadder()) {
          limit(
              "exposure.assets[" + i + "].liquidity.bid_ladder.levels",
              l.getBidLadder().getLevelsCount(),
              limits.maxBidLevels(),
              "bid levels");
        }
      }
      return this;
    }

    /** The published limits on Monte Carlo work, after defaults. */
    public Check settingsLimits(RunSettings s) {
      limit("settings.scenarios", s.scenarios(), limits.maxScenarios(), "scenarios");
      limit(
          "settings.confidence_levels",
          s.confidenceLevels().size(),
          limits.maxConfidenceLevels(),
          "confidence levels");
      overLimit("settings.horizon_hours", s.horizonHours(), limits.maxHorizonHours(), "hours");
      if (Double.isFinite(s.horizonHours())
          && Double.isFinite(s.stepMinutes())
          && s.horizonHours() > 0
          && s.stepMinutes() > 0) {
        long steps = (long) RunSettings.stepsCovering(s.horizonHours() * 60.0, s.stepMinutes());
        limit("settings.step_minutes", steps, limits.maxSteps(), "steps per horizon");
        if (steps <= limits.maxSteps()) {
          long work = steps * (long) s.scenarios();
          if (work > limits.maxScenarioSteps()) {
            add(
                "settings.scenarios",
                String.format(
                    Locale.ROOT,
                    "%,d scenarios x %,d steps = %,d scenario-steps; the published limit is %,d"
                        + " (fewer scenarios or a longer step)",
                    s.scenarios(),
                    steps,
                    work,
                    limits.maxScenarioSteps()));
          }
        }
      }
      return this;
    }

    /**
     * The published limit on one call's engine work: {@code work} is its estimate ({@link
     * RequestCost}), in estimated nanoseconds of one core, with its parts.
     */
    public Check workLimit(RequestCost.Work work) {
      long units = work.total();
      if (units > limits.maxWorkUnits()) {
        String parts =
            work.simulation() > 0 && work.collateral() > 0
                ? String.format(
                    Locale.ROOT,
                    ": the simulation %.1f s, the collateral assessment %.1f s",
                    work.simulation() / 1e9,
                    work.collateral() / 1e9)
                : "";
        String collateral =
            work.collateral() > work.simulation()
                ? String.format(
                    Locale.ROOT,
                    "; the collateral runs span each collateral asset's liquidation horizon (oracle"
                        + " lag + time to sell + settlement delay, at most %,d steps): a shorter"
                        + " lag or delay, more exit capacity, or a longer step shortens them",
                    CollateralAssessor.MAX_HORIZON_STEPS)
                : "";
        add(
            "settings.scenarios",
            String.format(
                Locale.ROOT,
                "the call's estimated engine work is %,d units (%.1f s of one core%s);"
                    + " the published limit is %,d (%.0f s): fewer scenarios, a longer step or a"
                    + " smaller book%s",
                units,
                units / 1e9,
                parts,
                limits.maxWorkUnits(),
                limits.maxWorkUnits() / 1e9,
                collateral));
      }
      return this;
    }

    /** Constraints and cross-field rules of an exposure. */
    public Check exposure(ProtocolExposure exposure) {
      beanViolations("exposure", exposure, exposure);
      rules("exposure", exposure, ExposureRules.check(exposure));
      return this;
    }

    /** Constraints of run settings as sent, and rules after defaults. */
    public Check settings(RunSettings sent, RunSettings effective) {
      beanViolations("settings", sent, null);
      rules("settings", null, ExposureRules.check(effective));
      return this;
    }

    /** The exposure every simulation call needs is there. */
    public Check exposurePresent(boolean present) {
      return require(present, "exposure", "the protocol's assets, loans and controls");
    }

    /**
     * A quote's cover: present, its constraints, its term within the published limit and within the
     * pricer's horizons per term at the run's {@code effective} horizon.
     */
    public Check quoteCover(boolean present, CoverTerms cover, RunSettings effective) {
      require(
          present,
          "cover",
          "the layer to price (attachment_usd, limit_usd, term_days, cost_of_capital,"
              + " expense_load)");
      if (!present) {
        return this;
      }
      beanViolations("cover", cover, null);
      overLimit("cover.term_days", cover.termDays(), limits.maxTermDays(), "days");
      // The premium sums the term's horizons: a term of more than CoverPricer's maximum number of
      // horizons (a very short horizon under a long term) is refused here, not by the pricer
      // after the simulation has run.
      double horizons = cover.termDays() * 24 / effective.horizonHours();
      if (horizons > CoverPricer.MAX_HORIZONS_PER_TERM) {
        add(
            "cover.term_days",
            String.format(
                Locale.ROOT,
                "holds %s horizons of %s hours (term days x 24 / settings.horizon_hours); at"
                    + " most %,.0f: a longer horizon or a shorter term",
                horizons < 1e15 ? String.format(Locale.ROOT, "%,.0f", horizons) : plain(horizons),
                plain(effective.horizonHours()),
                CoverPricer.MAX_HORIZONS_PER_TERM));
      }
      return this;
    }

    /** AssessCollateral's target probability: 0 for the default, else in [min, 0.5). */
    public Check targetProbability(double p) {
      if (!(p == 0 || (p >= PricingApplication.MIN_TARGET_PROBABILITY && p < 0.5))) {
        add(
            "target_probability",
            "must be in ["
                + plain(PricingApplication.MIN_TARGET_PROBABILITY)
                + ", 0.5), or 0 for the default "
                + plain(PricingApplication.DEFAULT_TARGET_PROBABILITY)
                + ", was "
                + plain(p));
      }
      return this;
    }

    /** StressTest's cap on rounds: 0 for the default, else at most the published limit. */
    public Check maxRounds(int rounds) {
      if (rounds < 0 || rounds > limits.maxRounds()) {
        add(
            "max_rounds",
            String.format(
                Locale.ROOT,
                "must be in [0, %d] (0: the default %d), was %d",
                limits.maxRounds(),
                PricingApplication.DEFAULT_MAX_ROUNDS,
                rounds));
      }
      return this;
    }

    public Check shocks(ProtocolExposure exposure, List<Shock> shocks) {
      for (int i = 0; i < shocks.size(); i++) {
        beanViolations("shocks[" + i + "]", shocks.get(i), null);
      }
      rules("", exposure, ExposureRules.checkShocks(exposure, shocks));
      return this;
    }

    private void beanViolations(String prefix, Object bean, ProtocolExposure exposure) {
      for (ConstraintViolation<Object> v : validator.get().validate(bean)) {
        String path = v.getPropertyPath().toString();
        Object value = v.getInvalidValue();
        String message = v.getMessage();
        if (value instanceof Number n && !message.contains(" was ")) {
          message +=
              ", was " + (n instanceof Double || n instanceof Float ? plain(n.doubleValue()) : n);
        }
        add(protoPath(prefix, path, exposure), message);
      }
    }

    private void rules(String prefix, ProtocolExposure exposure, List<Violation> violations) {
      for (Violation v : violations) {
        add(protoPath(prefix, v.path(), exposure), v.message());
      }
    }

    /** True when a violation has been found. */
    public boolean hasViolations() {
      return !byField.isEmpty();
    }

    /** Throws {@link BackstopException.InvalidRequest} listing every violation, if any. */
    public void throwIfAny() {
      if (byField.isEmpty()) {
        return;
      }
      List<FieldViolation> out = new ArrayList<>(byField.size());
      byField.forEach(
          (field, messages) -> {
            // A NaN or infinity fails every numeric constraint; saying it is not a number is
            // enough.
            List<String> shown =
                messages.stream().filter(m -> m.startsWith("must be a finite number")).toList();
            String text =
                String.join(
                    "; ",
                    shown.isEmpty() ? messages.stream().distinct().toList() : shown.subList(0, 1));
            Integer number = unknownEnumNumbers.get(field);
            if (number != null && !text.contains(" was ")) {
              text += ", was " + number;
            }
            out.add(new FieldViolation(field, text));
          });
      throw new BackstopException.InvalidRequest(out);
    }
  }

  public Check check() {
    return new Check();
  }

  /**
   * A Bean Validation path of a core record ({@code assets[2].liquidity.curve.levels[0].priceUsd})
   * as the proto field path a client sent ({@code
   * exposure.assets[2].liquidity.bid_ladder.levels[0].price_usd}).
   */
  static String protoPath(String prefix, String path, ProtocolExposure exposure) {
    String p = path.replace(".<list element>", "").replace("<list element>", "");
    if (exposure != null) {
      Matcher m = CURVE.matcher(p);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        int i = Integer.parseInt(m.group(1));
        String oneof = "curve";
        if (i < exposure.assets().size()
            && exposure.assets().get(i) != null
            && exposure.assets().get(i).liquidity() != null) {
          oneof = curveField(exposure.assets().get(i).liquidity().curve());
        }
        m.appendReplacement(sb, "assets[" + i + "].liquidity." + oneof);
      }
      m.appendTail(sb);
      p = sb.toString();
    }
    // A record-level rule is reported on the field a client changes to fix it.
    p = p.replace("capitalChargeWithinCapital", "costOfCapital");
    String snake = snakeCase(p);
    if (prefix.isEmpty()) {
      return snake;
    }
    return snake.isEmpty() ? prefix : prefix + "." + snake;
  }

  private static String curveField(DepthCurve curve) {
    if (curve instanceof LinearDepth) {
      return "linearDepth";
    }
    if (curve instanceof ConstantProductPool) {
      return "constantProduct";
    }
    if (curve instanceof BidLadder) {
      return "bidLadder";
    }
    return "curve";
  }

  static String snakeCase(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
