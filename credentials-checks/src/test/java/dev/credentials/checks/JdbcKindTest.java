package dev.credentials.checks;

import static dev.credentials.checks.Harness.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The jdbc kind against the PostgreSQL and MariaDB servers on this machine. PostgreSQL trusts every
 * connection from 127.0.0.1 here (pg_hba.conf: {@code host all all 127.0.0.1/32 trust}), so it
 * accepts any password: its MISCONFIGURED case is a role that does not exist (SQLState 28000), and
 * the wrong-password case runs on MariaDB, where the test creates a user with a password.
 */
@DisplayName("The jdbc kind")
class JdbcKindTest {

  static final String PG = "jdbc:postgresql://${HOST}:${PORT}/${DB}";
  static final String MARIA = "jdbc:mariadb://${HOST}:${PORT}/${DB}";
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String PG_LIMITED = "chk_limited_" + SUFFIX;
  static final String MARIA_USER = "chk_" + SUFFIX;
  static final String MARIA_PASS = "Maria-pw-" + SUFFIX;

  @BeforeAll
  static void users() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + PG_LIMITED + " LOGIN CONNECTION LIMIT 0");
    }
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        Statement s = c.createStatement()) {
      s.execute("CREATE USER '" + MARIA_USER + "'@'%' IDENTIFIED BY '" + MARIA_PASS + "'");
      s.execute("CREATE USER '" + MARIA_USER + "'@'localhost' IDENTIFIED BY '" + MARIA_PASS + "'");
      s.execute("GRANT USAGE ON *.* TO '" + MARIA_USER + "'@'%'");
    }
  }

  @AfterAll
  static void drop() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS " + PG_LIMITED);
    }
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        Statement s = c.createStatement()) {
      s.execute("DROP USER IF EXISTS '" + MARIA_USER + "'@'%'");
      s.execute("DROP USER IF EXISTS '" + MARIA_USER + "'@'localhost'");
    }
  }

  static CheckResult jdbc(String url, String port, String db, String user, String password) {
    return jdbc(url, port, db, user, password, Harness.TIMEOUT);
  }

  static CheckResult jdbc(
      String url, String port, String db, String user, String password, Duration timeout) {
    return check(
        "jdbc",
        Map.of("url", url, "user", "${USER}", "password", "${PASSWORD}"),
        Map.of("HOST", "127.0.0.1", "PORT", port, "DB", db, "USER", user, "PASSWORD", password),
        timeout);
  }

  @Test
  @DisplayName("PostgreSQL: the right user is AVAILABLE, with the product in the details")
  void postgresAvailable() {
    CheckResult r = jdbc(PG, "5432", "test", "postgres", "any");
    assertThat(r.state()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(r.details()).containsEntry("product", "PostgreSQL");
  }

  @Test
  @DisplayName("PostgreSQL: a role that does not exist is MISCONFIGURED (SQLState 28000)")
  void postgresNoRole() {
    CheckResult r = jdbc(PG, "5432", "test", "no_such_role_" + SUFFIX, "pw-" + SUFFIX);
    assertThat(r.state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(r.details()).containsEntry("sql-state", "28000");
  }

  @Test
  @DisplayName("PostgreSQL: a database that does not exist is MISCONFIGURED (3D000)")
  void postgresNoDatabase() {
    CheckResult r = jdbc(PG, "5432", "no_db_" + SUFFIX, "postgres", "x");
    assertThat(r.state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(r.details()).containsEntry("sql-state", "3D000");
  }

  @Test
  @DisplayName("PostgreSQL: a role over its connection limit is DEGRADED (53300)")
  void postgresTooMany() {
    CheckResult r = jdbc(PG, "5432", "test", PG_LIMITED, "x");
    assertThat(r.state()).isEqualTo(CredentialState.DEGRADED);
    assertThat(r.details()).containsEntry("sql-state", "53300");
  }

  @Test
  @DisplayName("MariaDB: the right password is AVAILABLE, a wrong one MISCONFIGURED (28000)")
  void mariadbPasswords() {
    assertThat(jdbc(MARIA, "3306", "", MARIA_USER, MARIA_PASS).state())
        .isEqualTo(CredentialState.AVAILABLE);
    CheckResult wrong = jdbc(MARIA, "3306", "", MARIA_USER, "Wrong-pw-" + SUFFIX);
    assertThat(wrong.state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(wrong.details()).containsEntry("sql-state", "28000");
  }

  @Test
  @DisplayName("nothing listening is UNAVAILABLE, on both drivers")
  void closed() throws Exception {
    String port = "" + Harness.closedPort();
    assertThat(jdbc(PG, port, "test", "postgres", "x").state())
        .isEqualTo(CredentialState.UNAVAILABLE);
    assertThat(jdbc(MARIA, port, "test", "root", "x").state())
        .isEqualTo(CredentialState.UNAVAILABLE);
  }

  @Test
  @DisplayName("a listener that never answers is UNAVAILABLE within the timeout, on both drivers")
  void silent() throws Exception {
    try (Harness.Silent s = new Harness.Silent()) {
      for (String url : new String[] {PG, MARIA}) {
        long start = System.nanoTime();
        CheckResult r = jdbc(url, "" + s.port(), "test", "postgres", "x", Duration.ofSeconds(1));
        assertThat(r.state()).as(url).isEqualTo(CredentialState.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as(url)
            .isLessThan(Duration.ofMillis(2800));
      }
    }
  }

  @Test
  @DisplayName("a URL whose driver is not on the class path is UNKNOWN, naming the artifact")
  void noDriver() {
    CheckResult r =
        check(
            "jdbc",
            Map.of("url", "jdbc:sqlserver://${HOST}:1433;databaseName=x"),
            Map.of("HOST", "127.0.0.1"));
    assertThat(r.state()).isEqualTo(CredentialState.UNKNOWN);
    assertThat(r.message()).contains("com.microsoft.sqlserver:mssql-jdbc");
  }
}
