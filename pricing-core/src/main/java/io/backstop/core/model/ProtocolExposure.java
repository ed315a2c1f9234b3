package io.backstop.core.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What a DeFi protocol is exposed to (MODEL.md section 2): assets and their markets, the loan book,
 * the dealers' option book and the protocol's controls. Field-level rules are constraint
 * annotations; cross-field rules are in {@link ExposureRules}. Lists are copied (null becomes
 * empty); a null {@code controls} is {@link Controls#NONE}.
 *
 * @param protocolId free-form identifier of the protocol, at most {@value
 *     ExposureRules#MAX_ID_LENGTH} characters (it names the reports; a longer one would only carry
 *     a large message past validation)
 * @param assets the assets, ids unique; at least one
 * @param correlations pairwise correlations; pairs left out are 0
 * @param crossImpacts cross-impact entries; pairs left out have none
 * @param loanBuckets the loan book
 * @param options the option book dealers hedge
 * @param controls the protocol's controls
 */
public record ProtocolExposure(
    @Size(
            max = ExposureRules.MAX_ID_LENGTH,
            message =
                "must be at most "
                    + ExposureRules.MAX_ID_LENGTH
                    + " characters (an identifier such as \"aave-v3-ethereum\")")
        String protocolId,
    @NotEmpty(message = "must list at least one asset") List<@NotNull @Valid Asset> assets,
    List<@NotNull @Valid Correlation> correlations,
    List<@NotNull @Valid CrossImpact> crossImpacts,
    List<@NotNull @Valid LoanBucket> loanBuckets,
    List<@NotNull @Valid OptionPosition> options,
    @NotNull @Valid Controls controls) {

  /** Copies the lists so the record stays immutable; null lists become empty. */
  public ProtocolExposure {
    assets = copy(assets);
    correlations = copy(correlations);
    crossImpacts = copy(crossImpacts);
    loanBuckets = copy(loanBuckets);
    options = copy(options);
    controls = controls == null ? Controls.NONE : controls;
  }

  /** The same exposure with other assets. */
  public ProtocolExposure withAssets(List<Asset> newAssets) {
    return new ProtocolExposure(
        protocolId, newAssets, correlations, crossImpacts, loanBuckets, options, controls);
  }

  /** The same exposure with another option book. */
  public ProtocolExposure withOptions(List<OptionPosition> newOptions) {
    return new ProtocolExposure(
        protocolId, assets, correlations, crossImpacts, loanBuckets, newOptions, controls);
  }

  /** The same exposure with other controls. */
  public ProtocolExposure withControls(Controls newControls) {
    return new ProtocolExposure(
        protocolId, assets, correlations, crossImpacts, loanBuckets, options, newControls);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
