package dev.credentials.spring;

import dev.credentials.Secret;
import dev.credentials.core.AccessAudit;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.CredentialsBuilder;
import dev.credentials.core.DefaultAccessPolicy;
import dev.credentials.jdbc.JdbcCredentialRepository;
import dev.credentials.spi.AccessPolicy;
import dev.credentials.spi.AuditSink;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.LaunchListener;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Builds the {@link Credentials} engine from {@link CredentialsProperties}: a JDBC repository on
 * the host's {@link DataSource} (or on {@code credentials.jdbc.url}), the keyset named by {@code
 * credentials.keys.source}, the cache, check and access-audit settings, every {@link
 * LaunchListener}, {@link AuditSink} and {@link CredentialsBuilderCustomizer} bean, and the {@link
 * AccessPolicy} bean (the library's default policy unless the host defines one). The engine is
 * closed when the context closes, before the repository it owns.
 *
 * <p>Every bean backs off when the host defines its own: a host {@link Credentials} bean turns the
 * whole engine wiring off.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@ConditionalOnClass(Credentials.class)
@ConditionalOnProperty(prefix = "credentials", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CredentialsProperties.class)
public class CredentialsAutoConfiguration {

  /** Created by Spring. */
  public CredentialsAutoConfiguration() {}

  /**
   * The library's default access policy: tenant isolation and the ADMIN / USER / SERVICE roles.
   *
   * @return the policy
   */
  @Bean
  @ConditionalOnMissingBean
  public AccessPolicy credentialsAccessPolicy() {
    return DefaultAccessPolicy.INSTANCE;
  }

  /**
   * The repository: on {@code credentials.jdbc.url} when set (a pool the repository owns and
   * closes), otherwise on the host's DataSource (left open).
   *
   * @param properties the properties
   * @param dataSource the host's data source, if any
   * @return the repository
   */
  @Bean
  @ConditionalOnMissingBean({CredentialRepository.class, Credentials.class})
  public JdbcCredentialRepository credentialRepository(
      CredentialsProperties properties, ObjectProvider<DataSource> dataSource) {
    CredentialsProperties.Jdbc jdbc = properties.getJdbc();
    JdbcCredentialRepository.Builder builder = JdbcCredentialRepository.builder();
    if (jdbc.getUrl() != null) {
      builder.url(jdbc.getUrl());
      if (jdbc.getUser() != null) {
        builder.user(jdbc.getUser());
      }
      if (jdbc.getPassword() != null) {
        builder.password(Secret.of(jdbc.getPassword()));
      }
      if (jdbc.getMaximumPoolSize() != null) {
        builder.maximumPoolSize(jdbc.getMaximumPoolSize());
      }
    } else {
      DataSource ds = dataSource.getIfUnique();
      if (ds == null) {
        throw new IllegalStateException(
            "the credentials engine needs a database: set credentials.jdbc.url, or define exactly"
                + " one DataSource bean (e.g. spring.datasource.url)");
      }
      if (jdbc.getUser() != null
          || jdbc.getPassword() != null
          || jdbc.getMaximumPoolSize() != null) {
        throw new IllegalStateException(
            "credentials.jdbc.user, password and maximum-pool-size apply to credentials.jdbc.url;"
                + " the host's DataSource is configured by the host (spring.datasource.*)");
      }
      builder.dataSource(ds);
    }
    return builder.build();
  }

  /**
   * The keyset named by {@code credentials.keys.source}.
   *
   * @param properties the properties
   * @return the keys
   */
  @Bean
  @ConditionalOnMissingBean({CredentialKeys.class, Credentials.class})
  public CredentialKeys credentialKeys(CredentialsProperties properties) {
    return KeySources.load(properties.getKeys());
  }

  /**
   * The engine.
   *
   * @param properties the properties
   * @param repository the repository
   * @param keys the keys
   * @param policy the access policy
   * @param listeners launch listeners (e.g. the Micrometer meters)
   * @param sinks audit sinks
   * @param customizers builder customizers, in order
   * @return the engine, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Credentials credentials(
      CredentialsProperties properties,
      CredentialRepository repository,
      CredentialKeys keys,
      AccessPolicy policy,
      ObjectProvider<LaunchListener> listeners,
      ObjectProvider<AuditSink> sinks,
      ObjectProvider<CredentialsBuilderCustomizer> customizers) {
    CredentialsBuilder b =
        Credentials.builder().repository(repository).keys(keys).accessPolicy(policy);
    if (properties.getDefaultEnvironment() != null) {
      b.defaultEnvironment(properties.getDefaultEnvironment());
    }
    b.accessAudit(
        properties.getAccessAudit() == CredentialsProperties.AccessAuditMode.BATCHED
            ? AccessAudit.batched()
            : AccessAudit.synchronous());
    CredentialsProperties.Cache cache = properties.getCache();
    if (cache.getTtl() != null) {
      b.cacheTtl(cache.getTtl());
    }
    if (cache.getSize() != null) {
      b.cacheSize(cache.getSize());
    }
    if (cache.getPlaintext() != null) {
      b.cachePlaintext(cache.getPlaintext());
    }
    CredentialsProperties.Check check = properties.getCheck();
    if (check.getTimeout() != null) {
      b.checkTimeout(check.getTimeout());
    }
    if (check.getMaxConcurrent() != null) {
      b.maxConcurrentChecks(check.getMaxConcurrent());
    }
    listeners.orderedStream().forEach(b::launchListener);
    sinks.orderedStream().forEach(b::auditSink);
    customizers.orderedStream().forEach(c -> c.customize(b));
    return b.build();
  }
}
