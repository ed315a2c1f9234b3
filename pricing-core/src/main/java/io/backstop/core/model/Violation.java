package io.backstop.core.model;

/**
 * One broken rule of a request.
 *
 * @param path the field, relative to the validated root, in the style of Bean Validation property
 *     paths: {@code assets[1].id}, {@code loanBuckets[3].collateralAssetId}
 * @param message what is wrong and what is allowed, for a protocol engineer
 */
public record Violation(String path, String message) {}
