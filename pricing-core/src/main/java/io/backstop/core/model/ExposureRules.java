package io.backstop.core.model;

import static io.backstop.core.model.PlainNumbers.plain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Cross-field rules that constraint annotations cannot express. Each check returns every violation
 * at once, with paths relative to the validated object in Bean Validation style ({@code
 * assets[1].id}). Run after the annotation constraints: the checks tolerate nulls and non-finite
 * numbers (which the annotations report) without throwing and without reporting them twice.
 *
 * <p>The correlation matrix C (diagonal 1, pairs left out 0) must be positive semi-definite: its
 * smallest eigenvalue lambda_min >= -{@value #PSD_TOLERANCE}. When it is not, the entries named are
 * those that contribute most negatively to v' C v = lambda_min, where v is the eigenvector of
 * lambda_min: entry (a, b) contributes 2 rho_ab v_a v_b.
 */
public final class ExposureRules {

  /** Tolerance on the smallest eigenvalue of the correlation matrix (rounding of user input). */
  public static final double PSD_TOLERANCE = 1e-9;

  private ExposureRules() {}

  /** All cross-field violations of an exposure, paths relative to the exposure. */
  public static List<Violation> check(ProtocolExposure exposure) {
    List<Violation> out = new ArrayList<>();
    AssetIds index = assetIndex(exposure, out);
    checkAssets(exposure, out);
    checkCorrelations(exposure, index, out);
    checkCrossImpacts(exposure, index, out);
    List<LoanBucket> buckets = exposure.loanBuckets();
    for (int i = 0; i < buckets.size(); i++) {
      LoanBucket b = buckets.get(i);
      if (b != null) {
        knownAsset(index, b.collateralAssetId(), "loanBuckets[" + i + "].collateralAssetId", out);
      }
    }
    List<OptionPosition> options = exposure.options();
    for (int i = 0; i < options.size(); i++) {
      OptionPosition o = options.get(i);
      if (o == null) {
        continue;
      }
      knownAsset(index, o.assetId(), "options[" + i + "].assetId", out);
      if (o.dealerSign() != 1 && o.dealerSign() != -1) {
        out.add(
            new Violation(
                "options[" + i + "].dealerSign",
                "must be -1 (dealers short the options) or +1 (dealers long), was "
                    + o.dealerSign()));
      }
    }
    return out;
  }

  /** Violations of run settings after defaults, paths relative to the settings. */
  public static List<Violation> check(RunSettings settings) {
    List<Violation> out = new ArrayList<>();
    RunSettings s = settings.withDefaults();
    // Only for a valid horizon: a negative one is reported on its own field, once.
    if (Double.isFinite(s.horizonHours())
        && s.horizonHours() > 0
        && Double.isFinite(s.stepMinutes())
        && s.stepMinutes() > s.horizonHours() * 60.0) {
      out.add(
          new Violation(
              "stepMinutes",
              String.format(
                  Locale.ROOT,
                  "must not exceed the horizon (%s minutes), was %s minutes",
                  plain(s.horizonHours() * 60),
                  plain(s.stepMinutes()))));
    }
    List<Double> levels = settings.confidenceLevels();
    for (int i = 0; i < levels.size(); i++) {
      Double c = levels.get(i);
      if (c != null && !(c > 0 && c < 1)) {
        out.add(
            new Violation(
                "confidenceLevels[" + i + "]",
                "must be in (0, 1) (0.99 for 99%), was " + plain(c)));
      }
    }
    return out;
  }

  /** Violations of stress shocks against an exposure, paths relative to the shock list's owner. */
  public static List<Violation> checkShocks(ProtocolExposure exposure, List<Shock> shocks) {
    List<Violation> out = new ArrayList<>();
    AssetIds index = assetIndex(exposure, new ArrayList<>());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < shocks.size(); i++) {
      Shock s = shocks.get(i);
      if (s == null) {
        continue;
      }
      String path = "shocks[" + i + "].assetId";
      if (!exposure.assets().isEmpty()) {
        // Without assets every id is unknown: the exposure's own violation says what is missing.
        knownAsset(index, s.assetId(), path, out);
      }
      Integer first = s.assetId() == null ? null : seen.putIfAbsent(s.assetId(), i);
      if (first != null) {
        out.add(
            new Violation(
                path,
                "must name each asset once (one shock per asset): "
                    + quoted(s.assetId())
                    + " is already shocked by shocks["
                    + first
                    + "]"));
      }
    }
    return out;
  }

  /**
   * The exposure's asset ids and their positions, and the listing of them that a message about an
   * unknown id shows, made once however many references name unknown ids (thousands may).
   */
  private static final class AssetIds {
    final Map<String, Integer> positions = new HashMap<>();
    private String listed;

    boolean contains(String id) {
      return positions.containsKey(id);
    }

    int position(String id) {
      return positions.get(id);
    }

    String listed() {
      if (listed == null) {
        listed = listing(positions);
      }
      return listed;
    }
  }

  private static AssetIds assetIndex(ProtocolExposure exposure, List<Violation> out) {
    AssetIds ids = new AssetIds();
    List<Asset> assets = exposure.assets();
    for (int i = 0; i < assets.size(); i++) {
      Asset a = assets.get(i);
      if (a == null || a.id() == null || a.id().isBlank()) {
        continue;
      }
      Integer first = ids.positions.putIfAbsent(a.id(), i);
      if (first != null) {
        out.add(
            new Violation(
                "assets[" + i + "].id",
                "must be unique among the assets: "
                    + quoted(a.id())
                    + " is already the id of assets["
                    + first
                    + "]"));
      }
    }
    return ids;
  }

  private static void checkAssets(ProtocolExposure exposure, List<Violation> out) {
    List<Asset> assets = exposure.assets();
    for (int i = 0; i < assets.size(); i++) {
      Asset a = assets.get(i);
      if (a == null) {
        continue;
      }
      String p = "assets[" + i + "]";
      double dof = a.tailDof();
      if (Double.isFinite(dof) && dof != 0 && !(dof > 2)) {
        out.add(new Violation(p + ".tailDof", Asset.TAIL_DOF_MESSAGE + ", was " + plain(dof)));
      }
      if (a.oracle() != null) {
        Oracle o = a.oracle();
        if (o.kind() == null) {
          out.add(
              new Violation(
                  p + ".oracle.kind",
                  "must be set (ORACLE_KIND_SPOT, ORACLE_KIND_TWAP or ORACLE_KIND_PUSH) when an oracle is"
                      + " given"));
        } else if (o.kind() == OracleKind.TWAP && !(o.twapWindowMinutes() > 0)) {
          out.add(
              new Violation(
                  p + ".oracle.twapWindowMinutes",
                  "must be > 0 minutes for a TWAP oracle, was " + plain(o.twapWindowMinutes())));
        }
      }
      if (a.liquidity() != null && a.liquidity().curve() instanceof BidLadder ladder) {
        checkLadder(ladder, a.priceUsd(), p + ".liquidity.curve.levels", out);
      }
    }
  }

  private static void checkLadder(
      BidLadder ladder, double assetPrice, String path, List<Violation> out) {
    List<BidLevel> levels = ladder.levels();
    for (int j = 0; j < levels.size(); j++) {
      BidLevel level = levels.get(j);
      if (level == null || !Double.isFinite(level.priceUsd())) {
        continue;
      }
      String p = path + "[" + j + "].priceUsd";
      if (Double.isFinite(assetPrice) && level.priceUsd() > assetPrice) {
        out.add(
            new Violation(
                p,
                "must be at or below the asset's price "
                    + plain(assetPrice)
                    + " USD (bids sit below the market), was "
                    + plain(level.priceUsd())));
      }
      BidLevel prev = j > 0 ? levels.get(j - 1) : null;
      if (prev != null
          && Double.isFinite(prev.priceUsd())
          && !(level.priceUsd() < prev.priceUsd())) {
        out.add(
            new Violation(
                p,
                "must be strictly below the previous level's price "
                    + plain(prev.priceUsd())
                    + " USD (levels are listed best first), was "
                    + plain(level.priceUsd())));
      }
    }
  }

  private static void checkCorrelations(
      ProtocolExposure exposure, AssetIds index, List<Violation> out) {
    List<Correlation> correlations = exposure.correlations();
    int n = exposure.assets().size();
    DMatrixRMaj matrix = new DMatrixRMaj(n, n);
    for (int k = 0; k < n; k++) {
      matrix.set(k, k, 1.0);
    }
    Map<String, Integer> firstPair = new HashMap<>();
    boolean usable = true;
    // Entry index per accepted pair, to name offending entries by their own path.
    List<int[]> entries = new ArrayList<>();
    for (int i = 0; i < correlations.size(); i++) {
      Correlation c = correlations.get(i);
      if (c == null) {
        continue;
      }
      String p = "correlations[" + i + "]";
      boolean a = knownAsset(index, c.assetA(), p + ".assetA", out);
      boolean b = knownAsset(index, c.assetB(), p + ".assetB", out);
      if (!a || !b || !Double.isFinite(c.correlation()) || Math.abs(c.correlation()) > 1) {
        usable = false;
        continue;
      }
      if (c.assetA().equals(c.assetB())) {
        out.add(
            new Violation(
                p + ".assetB",
                "must differ from the pair's first asset ("
                    + quoted(c.assetA())
                    + "): an asset's correlation with itself is always 1"));
        continue;
      }
      String key = pairKey(c.assetA(), c.assetB());
      Integer first = firstPair.putIfAbsent(key, i);
      if (first != null) {
        out.add(
            new Violation(
                p,
                "repeats the pair "
                    + quoted(c.assetA())
                    + "/"
                    + quoted(c.assetB())
                    + " already given by correlations["
                    + first
                    + "]: give each pair once"));
        usable = false;
        continue;
      }
      int ia = index.position(c.assetA());
      int ib = index.position(c.assetB());
      matrix.set(ia, ib, c.correlation());
      matrix.set(ib, ia, c.correlation());
      entries.add(new int[] {i, ia, ib});
    }
    if (usable && !entries.isEmpty() && n > 1) {
      checkPositiveSemiDefinite(exposure, matrix, entries, out);
    }
  }

  private static void checkPositiveSemiDefinite(
      ProtocolExposure exposure, DMatrixRMaj matrix, List<int[]> entries, List<Violation> out) {
    int n = matrix.numRows;
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
    if (!eig.decompose(matrix.copy())) {
      out.add(
          new Violation(
              "correlations",
              "the correlation matrix could not be decomposed: check for inconsistent entries"));
      return;
    }
    int worst = -1;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double value = eig.getEigenvalue(i).getReal();
      if (value < min) {
        min = value;
        worst = i;
      }
    }
    if (min >= -PSD_TOLERANCE) {
      return;
    }
    DMatrixRMaj v = eig.getEigenVector(worst);
    // Entry (a, b) adds 2 rho v_a v_b to v'Cv = lambda_min: the most negative terms are the
    // culprits.
    double[] contribution = new double[entries.size()];
    double mostNegative = 0;
    for (int e = 0; e < entries.size(); e++) {
      int[] entry = entries.get(e);
      contribution[e] = 2 * matrix.get(entry[1], entry[2]) * v.get(entry[1]) * v.get(entry[2]);
      mostNegative = Math.min(mostNegative, contribution[e]);
    }
    List<Integer> named = new ArrayList<>();
    for (int e = 0; e < entries.size(); e++) {
      if (contribution[e] < 0 && contribution[e] <= 0.25 * mostNegative) {
        named.add(e);
      }
    }
    named.sort(Comparator.comparingDouble(e -> contribution[e]));
    for (int e : named) {
      int[] entry = entries.get(e);
      String a = exposure.assets().get(entry[1]).id();
      String b = exposure.assets().get(entry[2]).id();
      out.add(
          new Violation(
              "correlations[" + entry[0] + "].correlation",
              String.format(
                  Locale.ROOT,
                  "makes the correlation matrix not positive semi-definite (smallest eigenvalue"
                      + " %.6g, must be >= 0): %s/%s = %s contributes %.4g to it; the correlations"
                      + " given are mutually inconsistent, revise them",
                  min,
                  quoted(a),
                  quoted(b),
                  plain(matrix.get(entry[1], entry[2])),
                  contribution[e])));
    }
  }

  private static void checkCrossImpacts(
      ProtocolExposure exposure, AssetIds index, List<Violation> out) {
    List<CrossImpact> impacts = exposure.crossImpacts();
    Map<String, Integer> firstPair = new HashMap<>();
    for (int i = 0; i < impacts.size(); i++) {
      CrossImpact c = impacts.get(i);
      if (c == null) {
        continue;
      }
      String p = "crossImpacts[" + i + "]";
      boolean a = knownAsset(index, c.sourceAssetId(), p + ".sourceAssetId", out);
      boolean b = knownAsset(index, c.targetAssetId(), p + ".targetAssetId", out);
      if (!a || !b) {
        continue;
      }
      if (c.sourceAssetId().equals(c.targetAssetId())) {
        out.add(
            new Violation(
                p + ".targetAssetId",
                "must differ from the source asset (an asset's own impact is its depth curve)"));
        continue;
      }
      Integer first = firstPair.putIfAbsent(c.sourceAssetId() + "\u0000" + c.targetAssetId(), i);
      if (first != null) {
        out.add(
            new Violation(
                p,
                "repeats the source and target of the cross impact at index "
                    + first
                    + ": give each pair once"));
      }
    }
  }

  private static boolean knownAsset(AssetIds index, String id, String path, List<Violation> out) {
    if (id == null || id.isBlank()) {
      return false; // reported by @NotBlank
    }
    if (!index.contains(id)) {
      out.add(
          new Violation(
              path, "must name one of the assets' ids " + index.listed() + ", was " + quoted(id)));
      return false;
    }
    return true;
  }

  /**
   * The longest asset id accepted, in characters: ids are names such as "WETH", and every reference
   * to one (buckets, options, correlations, cross-impacts, shocks) repeats it.
   */
  public static final int MAX_ID_LENGTH = 128;

  /** Characters of asset ids a message lists before it says how many there are in all. */
  static final int LISTING_CHARS = 160;

  /** Characters of an id a message shows; a longer one is cut and its length given. */
  static final int SHOWN_ID_CHARS = 24;

  /**
   * The exposure's asset ids for a message, sorted, each cut to {@value #SHOWN_ID_CHARS}
   * characters: as many as fit in {@value #LISTING_CHARS} characters (at least one), then how many
   * there are. The message stays within the 300 characters an error detail carries, with the bad
   * value at its end in view. A message is made per bad reference and a request may hold thousands:
   * the whole list of long ids in each once took the server's heap (an audit's finding).
   */
  private static String listing(Map<String, Integer> index) {
    List<String> ids = index.keySet().stream().sorted().toList();
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < ids.size(); i++) {
      String id = cut(ids.get(i));
      if (i > 0 && b.length() + 2 + id.length() > LISTING_CHARS) {
        b.append(", ... (").append(ids.size()).append(" ids)");
        break;
      }
      b.append(i == 0 ? "" : ", ").append(id);
    }
    return b.append(']').toString();
  }

  /** An id in quotes for a message, cut to {@value #SHOWN_ID_CHARS} characters (see above). */
  static String quoted(String id) {
    return '"' + cut(id) + '"';
  }

  private static String cut(String id) {
    if (id.length() <= SHOWN_ID_CHARS) {
      return id;
    }
    int end = SHOWN_ID_CHARS - 3;
    if (Character.isHighSurrogate(id.charAt(end - 1))) {
      end--;
    }
    return id.substring(0, end) + "... (" + id.length() + " characters)";
  }

  private static String pairKey(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
  }
}
