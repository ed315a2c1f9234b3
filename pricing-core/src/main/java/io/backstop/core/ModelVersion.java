package io.backstop.core;

/** Version of the pricing model; bumped whenever a change can alter a number returned. */
public final class ModelVersion {
  /** The version string reported in every provenance block. */
  public static final String CURRENT = "0.8.0";

  private ModelVersion() {}
}
