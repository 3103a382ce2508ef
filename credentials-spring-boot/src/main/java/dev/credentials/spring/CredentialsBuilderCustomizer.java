package dev.credentials.spring;

import dev.credentials.core.CredentialsBuilder;

/**
 * Adjusts the engine's builder before the auto-configuration builds it: register prototypes with
 * Java checks, a clock, an executor. Every bean of this type is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface CredentialsBuilderCustomizer {

  /**
   * Adjusts the builder.
   *
   * @param builder the builder, with the application properties already applied
   */
  void customize(CredentialsBuilder builder);
}
