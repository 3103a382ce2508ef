package dev.credentials.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.jdbc.JdbcCredentialRepository;
import dev.credentials.spi.AccessPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class CredentialsAutoConfigurationTest {

  static final TenantId ACME = TenantId.of("acme");
  static final Caller ADMIN = Caller.of(ACME, Principal.admin("alice", ACME));
  static final String CANARY = "canary-" + UUID.randomUUID();

  static final AutoConfigurations CREDENTIALS =
      AutoConfigurations.of(
          CredentialsAutoConfiguration.class,
          CredentialsMetricsAutoConfiguration.class,
          CredentialsHealthAutoConfiguration.class);

  static String h2Url() {
    return "jdbc:h2:mem:boot_"
        + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1";
  }

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(CREDENTIALS)
          .withBean(CredentialsBuilderCustomizer.class, ProbePrototype::customizer);

  static CredentialMetadata createProbe(Credentials c, String name, String mode) {
    return c.store()
        .create(
            ADMIN,
            NewCredential.builder(ProbePrototype.CODE, name)
                .value("MODE", mode)
                .value("TOKEN", CANARY)
                .build());
  }

  @Test
  @DisplayName(
      "builds the engine on a JDBC URL with the properties applied, and closes it with the context")
  void jdbcUrl() {
    runner
        .withPropertyValues(
            "credentials.jdbc.url=" + h2Url(),
            "credentials.keys.source=ephemeral",
            "credentials.default-environment=staging",
            "credentials.check.timeout=3s",
            "credentials.cache.ttl=1m",
            "credentials.access-audit=batched")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Credentials.class);
              assertThat(context).hasSingleBean(JdbcCredentialRepository.class);
              Credentials c = context.getBean(Credentials.class);
              CredentialMetadata m = createProbe(c, "db", "up");
              assertThat(m.environment()).isEqualTo("staging");
              assertThat(c.store().reveal(ADMIN, m.id()).values().get("TOKEN").reveal())
                  .isEqualTo(CANARY);
              assertThat(
                      context
                          .getBean(AccessPolicy.class)
                          .permits(ADMIN, dev.credentials.spi.Permission.MANAGE))
                  .isTrue();
              context.close();
              // the pool built from the URL closed with the context
              assertThatThrownBy(() -> c.store().get(ADMIN, m.id()))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageContaining("closed");
            });
  }

  @Test
  @DisplayName("uses the host's DataSource when no JDBC URL is set, and leaves it open")
  void hostDataSource() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=" + h2Url(), "credentials.keys.source=ephemeral")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Credentials c = context.getBean(Credentials.class);
              createProbe(c, "ds", "up");
              try (Connection conn = context.getBean(DataSource.class).getConnection();
                  ResultSet rs =
                      conn.createStatement()
                          .executeQuery(
                              "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE"
                                  + " LOWER(TABLE_NAME) = 'credentials_schema_version'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
              }
            });
  }

  @Test
  @DisplayName("backs off when the host defines its own Credentials bean")
  void backsOff() {
    runner
        .withUserConfiguration(HostEngine.class)
        .withPropertyValues("credentials.jdbc.url=" + h2Url())
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Credentials.class);
              assertThat(context.getBean(Credentials.class))
                  .isSameAs(context.getBean(HostEngine.class).engine);
              assertThat(context).doesNotHaveBean(JdbcCredentialRepository.class);
              assertThat(context).doesNotHaveBean(CredentialKeys.class);
              // the health indicator still reports on the host's engine
              assertThat(context.getBean(CredentialsHealthIndicator.class).health().getStatus())
                  .isEqualTo(Status.UP);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class HostEngine {
    final Credentials engine =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .build();

    @Bean
    Credentials hostCredentials() {
      return engine;
    }
  }

  @Test
  @DisplayName("turns off with credentials.enabled=false")
  void disabled() {
    runner
        .withPropertyValues("credentials.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Credentials.class));
  }

  @Test
  @DisplayName("refuses to start without a key source, naming the property")
  void noKeySource() {
    runner
        .withPropertyValues("credentials.jdbc.url=" + h2Url())
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("credentials.keys.source"));
  }

  @Test
  @DisplayName("refuses to start without a database, naming both ways to give one")
  void noDatabase() {
    runner
        .withPropertyValues("credentials.keys.source=ephemeral")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("credentials.jdbc.url")
                    .hasMessageContaining("DataSource"));
  }

  @Test
  @DisplayName("a file key source needs the file; a development source creates it")
  void keyFiles(@TempDir Path dir) {
    runner
        .withPropertyValues("credentials.jdbc.url=" + h2Url(), "credentials.keys.source=file")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("credentials.keys.file"));
    Path keyset = dir.resolve("keys/dev-keyset.json");
    runner
        .withPropertyValues(
            "credentials.jdbc.url=" + h2Url(),
            "credentials.keys.source=development",
            "credentials.keys.file=" + keyset)
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(Files.exists(keyset)).isTrue();
    // the file source reads the keyset the development source wrote
    runner
        .withPropertyValues(
            "credentials.jdbc.url=" + h2Url(),
            "credentials.keys.source=file",
            "credentials.keys.file=" + keyset)
        .run(
            context ->
                assertThat(context.getBean(CredentialKeys.class).primaryKeyId())
                    .isEqualTo(CredentialKeys.fromFile(keyset).primaryKeyId()));
  }

  @Test
  @DisplayName("a database password never appears in a start-up failure")
  void passwordNotInFailure() {
    runner
        .withPropertyValues(
            "credentials.jdbc.url=jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2",
            "credentials.jdbc.user=nobody",
            "credentials.jdbc.password=" + CANARY,
            "credentials.keys.source=ephemeral")
        .run(
            context -> {
              assertThat(context).hasFailed();
              for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(CANARY);
                assertThat(t.toString()).doesNotContain(CANARY);
              }
            });
  }

  @Test
  @DisplayName("exposes launches, non-available checks and credentials per state to Micrometer")
  void meters() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues(
            "credentials.jdbc.url=" + h2Url(),
            "credentials.keys.source=ephemeral",
            "credentials.metrics.tenants=acme",
            "credentials.metrics.count-interval=0s")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              Credentials c = context.getBean(Credentials.class);
              CredentialMetadata up = createProbe(c, "up", "up");
              CredentialMetadata down = createProbe(c, "down", "down");
              createProbe(c, "never", "up");
              c.store().test(ADMIN, up.id());
              c.store().test(ADMIN, down.id());
              assertThat(gauge(registry, "available")).isEqualTo(1.0);
              assertThat(gauge(registry, "unavailable")).isEqualTo(1.0);
              assertThat(gauge(registry, "untested")).isEqualTo(1.0);
              assertThat(registry.get("credentials.prototypes").gauge().value())
                  .isEqualTo(c.prototypes().all().size());

              c.bindings().declare(ADMIN, Consumer.of("job-up", ProbePrototype.CODE));
              c.bindings().bind(ADMIN, BindingRequest.of("job-up", ProbePrototype.CODE, up.id()));
              c.bindings().declare(ADMIN, Consumer.of("job-down", ProbePrototype.CODE));
              c.bindings()
                  .bind(ADMIN, BindingRequest.of("job-down", ProbePrototype.CODE, down.id()));
              assertThat(c.launchGate().prepare(ADMIN, "job-up").outcome())
                  .isEqualTo(LaunchDecision.Outcome.RUN);
              assertThat(c.launchGate().prepare(ADMIN, "job-down").outcome())
                  .isEqualTo(LaunchDecision.Outcome.DEFER);
              assertThat(launches(registry, "run")).isEqualTo(1.0);
              assertThat(launches(registry, "defer")).isEqualTo(1.0);
              assertThat(launches(registry, "block")).isEqualTo(0.0);
              assertThat(
                      registry
                          .get("credentials.checks.nonavailable")
                          .tag("state", "unavailable")
                          .functionCounter()
                          .count())
                  .isEqualTo(1.0);
              registry
                  .getMeters()
                  .forEach(m -> assertThat(m.getId().toString()).doesNotContain(CANARY));
            });
  }

  private static double gauge(MeterRegistry registry, String state) {
    return registry
        .get("credentials.credentials")
        .tag("tenant", "acme")
        .tag("state", state)
        .gauge()
        .value();
  }

  private static double launches(MeterRegistry registry, String outcome) {
    return registry.get("credentials.launches").tag("outcome", outcome).functionCounter().count();
  }

  @Test
  @DisplayName("the health indicator is UP on a working engine and DOWN once its database is gone")
  void health() {
    runner
        .withPropertyValues("credentials.jdbc.url=" + h2Url(), "credentials.keys.source=ephemeral")
        .run(
            context -> {
              CredentialsHealthIndicator indicator =
                  context.getBean(CredentialsHealthIndicator.class);
              createProbe(context.getBean(Credentials.class), "h", "up");
              Health up = indicator.health();
              assertThat(up.getStatus()).isEqualTo(Status.UP);
              assertThat(up.getDetails()).containsKeys("repository", "keyset");
              context.getBean(JdbcCredentialRepository.class).close();
              Health down = indicator.health();
              assertThat(down.getStatus()).isEqualTo(Status.DOWN);
              assertThat(down.toString()).doesNotContain(CANARY);
            });
  }

  @Test
  @DisplayName("the health indicator turns off with management.health.credentials.enabled=false")
  void healthDisabled() {
    runner
        .withPropertyValues(
            "credentials.jdbc.url=" + h2Url(),
            "credentials.keys.source=ephemeral",
            "management.health.credentials.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(CredentialsHealthIndicator.class));
  }
}
