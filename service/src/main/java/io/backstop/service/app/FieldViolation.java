package io.backstop.service.app;

/**
 * One bad field of a request: the proto field path ({@code exposure.assets[2].annual_volatility})
 * and a sentence saying what was wrong and what is allowed.
 */
public record FieldViolation(String field, String description) {}
