package dev.credentials.spring;

import dev.credentials.core.Credentials;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link CredentialsMeters} when Micrometer is on the class path. Spring Boot binds every
 * {@link MeterBinder} bean to its registries; the auto-configured engine takes the meters as a
 * launch listener. A host that builds its own {@link Credentials} bean adds the meters bean to its
 * builder with {@code launchListener(...)} to count launches.
 */
@AutoConfiguration(before = CredentialsAutoConfiguration.class)
@ConditionalOnClass({Credentials.class, MeterBinder.class})
@ConditionalOnProperty(prefix = "credentials", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CredentialsProperties.class)
public class CredentialsMetricsAutoConfiguration {

  /** Created by Spring. */
  public CredentialsMetricsAutoConfiguration() {}

  /**
   * The meters.
   *
   * @param credentials the engine, looked up when first measured
   * @param properties the properties
   * @return the meters
   */
  @Bean
  @ConditionalOnMissingBean
  public CredentialsMeters credentialsMeters(
      ObjectProvider<Credentials> credentials, CredentialsProperties properties) {
    return new CredentialsMeters(
        credentials::getObject,
        properties.getMetrics().getTenants(),
        properties.getMetrics().getCountInterval());
  }
}
