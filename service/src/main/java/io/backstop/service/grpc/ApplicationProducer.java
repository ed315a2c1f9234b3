package io.backstop.service.grpc;

import io.backstop.service.app.PricingApplication;
import io.backstop.service.app.RequestLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.validation.Validator;

/** Builds the one {@link PricingApplication} the server uses. */
@ApplicationScoped
public class ApplicationProducer {

  @Produces
  @ApplicationScoped
  PricingApplication application(Validator validator) {
    return new PricingApplication(RequestLimits.DEFAULT, validator, PricingApplication.corePool());
  }
}
