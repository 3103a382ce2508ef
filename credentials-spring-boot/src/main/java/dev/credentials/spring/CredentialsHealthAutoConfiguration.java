package dev.credentials.spring;

import dev.credentials.core.Credentials;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link CredentialsHealthIndicator} as the {@code credentials} health contributor when
 * the actuator is on the class path and an engine exists (the auto-configured one or the host's).
 * Turn it off with {@code management.health.credentials.enabled=false}.
 */
@AutoConfiguration(after = CredentialsAutoConfiguration.class)
@ConditionalOnClass({
  Credentials.class,
  HealthIndicator.class,
  ConditionalOnEnabledHealthIndicator.class
})
@ConditionalOnBean(Credentials.class)
@ConditionalOnEnabledHealthIndicator("credentials")
public class CredentialsHealthAutoConfiguration {

  /** Created by Spring. */
  public CredentialsHealthAutoConfiguration() {}

  /**
   * The indicator.
   *
   * @param credentials the engine
   * @return the indicator, named {@code credentials} after the bean
   */
  @Bean(name = "credentialsHealthIndicator")
  @ConditionalOnMissingBean(name = "credentialsHealthIndicator")
  public CredentialsHealthIndicator credentialsHealthIndicator(Credentials credentials) {
    return new CredentialsHealthIndicator(credentials);
  }
}
