package io.backstop.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstop.core.model.CoverTerms;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** The Bean Validation constraints of {@link CoverTerms} and its plain-Java twin. */
class CoverTermsValidationTest {

  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  private static final CoverTerms VALID = new CoverTerms(1e6, 5e6, 30, 0.1, 0.2);

  private static Set<String> violations(CoverTerms terms) {
    Set<String> found = new TreeSet<>();
    for (ConstraintViolation<CoverTerms> v : VALIDATOR.validate(terms)) {
      found.add(v.getPropertyPath() + ": " + v.getMessage());
    }
    return found;
  }

  @Test
  void validTermsHaveNoViolations() {
    assertEquals(Set.of(), violations(VALID));
    assertEquals(Set.of(), violations(new CoverTerms(0, 1, 1e-3, 0, 0)));
    assertSame(VALID, VALID.requireValid());
  }

  @Test
  void eachBrokenFieldIsNamed() {
    assertEquals(
        Set.of("attachmentUsd: " + CoverTerms.ATTACHMENT_MESSAGE),
        violations(new CoverTerms(-1, 5e6, 30, 0.1, 0.2)));
    assertEquals(
        Set.of("limitUsd: " + CoverTerms.LIMIT_MESSAGE),
        violations(new CoverTerms(0, 0, 30, 0.1, 0.2)));
    assertEquals(
        Set.of("termDays: " + CoverTerms.TERM_MESSAGE),
        violations(new CoverTerms(0, 1, -30, 0.1, 0.2)));
    assertEquals(
        Set.of("costOfCapital: " + CoverTerms.COST_OF_CAPITAL_MESSAGE),
        violations(new CoverTerms(0, 1, 30, -0.1, 0.2)));
    assertEquals(
        Set.of("expenseLoad: " + CoverTerms.EXPENSE_LOAD_MESSAGE),
        violations(new CoverTerms(0, 1, 30, 0.1, 1.0)));
    assertEquals(
        Set.of("expenseLoad: " + CoverTerms.EXPENSE_LOAD_MESSAGE),
        violations(new CoverTerms(0, 1, 30, 0.1, -0.01)));
    assertEquals(
        Set.of("capitalChargeWithinCapital: " + CoverTerms.CAPITAL_CHARGE_MESSAGE),
        violations(new CoverTerms(0, 1, 730, 0.6, 0.2)));
    // Found by the service's fuzz test: a finite cost of capital whose charge overflows.
    assertEquals(
        Set.of("capitalChargeWithinCapital: " + CoverTerms.CAPITAL_CHARGE_MESSAGE),
        violations(new CoverTerms(0, 1, 30, 1e308, 0.2)));
  }

  /**
   * @Positive and @PositiveOrZero let NaN through; @Finite must catch NaN and infinities.
   */
  @Test
  void nanAndInfinityAreRejected() {
    assertEquals(
        Set.of(
            "attachmentUsd: " + CoverTerms.ATTACHMENT_MESSAGE,
            "limitUsd: " + CoverTerms.LIMIT_MESSAGE,
            "termDays: " + CoverTerms.TERM_MESSAGE,
            "costOfCapital: " + CoverTerms.COST_OF_CAPITAL_MESSAGE,
            "expenseLoad: " + CoverTerms.EXPENSE_LOAD_MESSAGE),
        violations(new CoverTerms(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)));
    assertEquals(
        Set.of("limitUsd: " + CoverTerms.LIMIT_MESSAGE),
        violations(new CoverTerms(0, Double.POSITIVE_INFINITY, 30, 0.1, 0.2)));
  }

  @Test
  void requireValidThrowsTheSameMessages() {
    assertEquals(
        CoverTerms.LIMIT_MESSAGE + ", got NaN",
        assertThrows(
                IllegalArgumentException.class,
                () -> new CoverTerms(0, Double.NaN, 30, 0.1, 0.2).requireValid())
            .getMessage());
    assertEquals(
        CoverTerms.EXPENSE_LOAD_MESSAGE + ", got 1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new CoverTerms(0, 1, 30, 0.1, 1.0).requireValid())
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new CoverTerms(0, 1, 730, 0.6, 0.2).requireValid());
    assertThrows(
        IllegalArgumentException.class, () -> new CoverTerms(-0.5, 1, 30, 0.1, 0.2).requireValid());
  }
}
