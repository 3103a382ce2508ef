package dev.credentials.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.BindingRequest;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.LaunchDecision.Outcome;
import dev.credentials.NewCredential;
import dev.credentials.Secret;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.Prototype;
import dev.credentials.testkit.TestEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Today's engine runs declared checks through {@code Credentials.builder().prototype(prototype,
 * check, test)}: the built-in postgresql and mysql prototypes with a declared jdbc check, against
 * the machine's PostgreSQL and MariaDB, decide the launch.
 */
@DisplayName("An engine with declared jdbc checks")
class DeclaredChecksInEngineTest {

  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String MARIA_USER = "eng_" + SUFFIX;
  static final String MARIA_PASS = "Engine-pw-" + SUFFIX;

  static final CheckDeclaration POSTGRES =
      CheckDeclaration.builder("jdbc")
          .parameter(
              "url", "jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}?sslmode=${PGSSLMODE}")
          .parameter("user", "${PGUSER}")
          .parameter("password", "${PGPASSWORD}")
          .build();
  static final CheckDeclaration MYSQL =
      CheckDeclaration.builder("jdbc")
          .parameter("url", "jdbc:mariadb://${MYSQL_HOST}:${MYSQL_PORT}/${MYSQL_DATABASE}")
          .parameter("user", "${MYSQL_USER}")
          .parameter("password", "${MYSQL_PASSWORD}")
          .build();

  static PrototypeRegistry registry;
  TestEngine t;

  @BeforeAll
  static void setUp() throws Exception {
    registry =
        PrototypeRegistry.load(List.of(), true, DeclaredChecksInEngineTest.class.getClassLoader());
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        Statement s = c.createStatement()) {
      s.execute("CREATE USER '" + MARIA_USER + "'@'%' IDENTIFIED BY '" + MARIA_PASS + "'");
      s.execute("CREATE USER '" + MARIA_USER + "'@'localhost' IDENTIFIED BY '" + MARIA_PASS + "'");
      s.execute("GRANT SELECT ON test.* TO '" + MARIA_USER + "'@'%'");
      s.execute("GRANT SELECT ON test.* TO '" + MARIA_USER + "'@'localhost'");
    }
  }

  @AfterAll
  static void tearDown() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        Statement s = c.createStatement()) {
      s.execute("DROP USER IF EXISTS '" + MARIA_USER + "'@'%'");
      s.execute("DROP USER IF EXISTS '" + MARIA_USER + "'@'localhost'");
    }
  }

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  TestEngine engine(String code, CheckDeclaration declaration) {
    Prototype p = registry.require(code);
    DeclaredCheck check = DeclaredCheck.of(p, declaration, CheckKinds.discover());
    t =
        TestEngine.inMemory()
            .withoutSamples()
            .configure(b -> b.prototype(p, check, check).checkTimeout(Duration.ofSeconds(3)))
            .build();
    return t;
  }

  LaunchDecision launch(String code, Map<String, String> values) {
    NewCredential.Builder n = NewCredential.builder(code, "db");
    values.forEach(
        (k, v) -> {
          if (k.endsWith("PASSWORD")) {
            n.secret(k, Secret.of(v));
          } else {
            n.value(k, v);
          }
        });
    CredentialMetadata m = t.engine().store().create(t.admin(), n.build());
    t.engine().bindings().declare(t.admin(), Consumer.of("job", code));
    t.engine().bindings().bind(t.admin(), BindingRequest.of("job", code, m.id()));
    return t.engine().launchGate().prepare(t.service(), "job");
  }

  @Test
  @DisplayName("postgresql, right user (port and SSL mode from the prototype's defaults): RUN")
  void postgresRuns() {
    engine("postgresql", POSTGRES);
    LaunchDecision d =
        launch(
            "postgresql",
            Map.of(
                "PGHOST",
                "127.0.0.1",
                "PGDATABASE",
                "test",
                "PGUSER",
                "postgres",
                "PGPASSWORD",
                "unused-under-trust"));
    assertThat(d.outcome()).as(d.reasons().toString()).isEqualTo(Outcome.RUN);
    assertThat(d.checks().values())
        .extracting(CheckResult::state)
        .containsOnly(CredentialState.AVAILABLE);
  }

  @Test
  @DisplayName("postgresql, a role that does not exist (this server trusts any password): BLOCK")
  void postgresBlocks() {
    engine("postgresql", POSTGRES);
    LaunchDecision d =
        launch(
            "postgresql",
            Map.of(
                "PGHOST",
                "127.0.0.1",
                "PGDATABASE",
                "test",
                "PGUSER",
                "nobody_" + SUFFIX,
                "PGPASSWORD",
                "pw"));
    assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
    assertThat(d.checks().values())
        .extracting(CheckResult::state)
        .containsOnly(CredentialState.MISCONFIGURED);
  }

  @Test
  @DisplayName("postgresql, a port where nothing listens: DEFER (UNAVAILABLE)")
  void postgresDefers() throws Exception {
    engine("postgresql", POSTGRES);
    LaunchDecision d =
        launch(
            "postgresql",
            Map.of(
                "PGHOST",
                "127.0.0.1",
                "PGPORT",
                "" + Harness.closedPort(),
                "PGDATABASE",
                "test",
                "PGUSER",
                "postgres"));
    assertThat(d.outcome()).isEqualTo(Outcome.DEFER);
    assertThat(d.retryAt()).isPresent();
    assertThat(d.checks().values())
        .extracting(CheckResult::state)
        .containsOnly(CredentialState.UNAVAILABLE);
  }

  @Test
  @DisplayName("mysql on MariaDB: right password RUN, wrong password BLOCK (MISCONFIGURED)")
  void mysqlPasswords() {
    engine("mysql", MYSQL);
    LaunchDecision right =
        launch(
            "mysql",
            Map.of(
                "MYSQL_HOST",
                "127.0.0.1",
                "MYSQL_DATABASE",
                "test",
                "MYSQL_USER",
                MARIA_USER,
                "MYSQL_PASSWORD",
                MARIA_PASS));
    assertThat(right.outcome()).as(right.reasons().toString()).isEqualTo(Outcome.RUN);
    t.close();
    engine("mysql", MYSQL);
    LaunchDecision wrong =
        launch(
            "mysql",
            Map.of(
                "MYSQL_HOST",
                "127.0.0.1",
                "MYSQL_DATABASE",
                "test",
                "MYSQL_USER",
                MARIA_USER,
                "MYSQL_PASSWORD",
                "Wrong-" + MARIA_PASS));
    assertThat(wrong.outcome()).isEqualTo(Outcome.BLOCK);
    assertThat(wrong.reasons().toString()).doesNotContain(MARIA_PASS);
  }

  @Test
  @DisplayName("the administrator's connection test runs the same declaration and is recorded")
  void connectionTest() {
    engine("postgresql", POSTGRES);
    CredentialMetadata m =
        t.engine()
            .store()
            .create(
                t.admin(),
                NewCredential.builder("postgresql", "db")
                    .value("PGHOST", "127.0.0.1")
                    .value("PGDATABASE", "test")
                    .value("PGUSER", "postgres")
                    .build());
    CheckResult r = t.engine().store().test(t.admin(), m.id());
    assertThat(r.state()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(t.engine().store().get(t.admin(), m.id()).lastTest()).isPresent();
  }
}
