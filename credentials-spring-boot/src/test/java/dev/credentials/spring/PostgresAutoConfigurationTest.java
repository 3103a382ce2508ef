package dev.credentials.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CredentialMetadata;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.Dialect;
import dev.credentials.jdbc.JdbcCredentialRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration on the real PostgreSQL ({@code CREDENTIALS_TEST_POSTGRES_URL}, default the
 * local server), in a schema created for the test and dropped after it. Fails when the server is
 * unreachable: it is not skipped.
 */
class PostgresAutoConfigurationTest {

  static final String BASE =
      System.getenv()
          .getOrDefault(
              "CREDENTIALS_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  String schema;
  String url;

  @BeforeEach
  void createSchema() throws SQLException {
    schema = "boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("CREATE SCHEMA " + schema);
    url = BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterEach
  void dropSchema() throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(CredentialsAutoConfigurationTest.CREDENTIALS)
          .withBean(CredentialsBuilderCustomizer.class, ProbePrototype::customizer)
          .withPropertyValues("credentials.keys.source=ephemeral");

  @Test
  @DisplayName("on a JDBC URL: migrates the schema, stores sealed values and reports UP")
  void jdbcUrl() {
    runner
        .withPropertyValues("credentials.jdbc.url=" + url, "credentials.jdbc.maximum-pool-size=2")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(JdbcCredentialRepository.class).dialect())
                  .isEqualTo(Dialect.POSTGRESQL);
              Credentials c = context.getBean(Credentials.class);
              CredentialMetadata m = CredentialsAutoConfigurationTest.createProbe(c, "pg", "up");
              assertThat(
                      c.store()
                          .reveal(CredentialsAutoConfigurationTest.ADMIN, m.id())
                          .values()
                          .get("TOKEN")
                          .reveal())
                  .isEqualTo(CredentialsAutoConfigurationTest.CANARY);
              assertThat(context.getBean(CredentialsHealthIndicator.class).health().getStatus())
                  .isEqualTo(Status.UP);
              assertThat(tablesInSchema()).isGreaterThan(1);
              assertThat(canaryInSchema()).isFalse();
            });
  }

  @Test
  @DisplayName("on the host's DataSource (spring.datasource.*)")
  void hostDataSource() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=" + url)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Credentials c = context.getBean(Credentials.class);
              CredentialMetadata m = CredentialsAutoConfigurationTest.createProbe(c, "pg-ds", "up");
              assertThat(c.store().get(CredentialsAutoConfigurationTest.ADMIN, m.id()).name())
                  .isEqualTo("pg-ds");
              assertThat(tablesInSchema()).isGreaterThan(1);
            });
  }

  int tablesInSchema() throws SQLException {
    try (Connection c = DriverManager.getConnection(BASE);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                        + schema
                        + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Looks for the canary in every text column of every table of the schema. */
  boolean canaryInSchema() throws SQLException {
    try (Connection c = DriverManager.getConnection(BASE)) {
      ResultSet cols =
          c.createStatement()
              .executeQuery(
                  "SELECT table_name, column_name FROM information_schema.columns WHERE"
                      + " table_schema = '"
                      + schema
                      + "' AND data_type IN ('text', 'character varying')");
      while (cols.next()) {
        String sql =
            "SELECT COUNT(*) FROM "
                + schema
                + "."
                + cols.getString(1)
                + " WHERE "
                + cols.getString(2)
                + " LIKE '%"
                + CredentialsAutoConfigurationTest.CANARY
                + "%'";
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
