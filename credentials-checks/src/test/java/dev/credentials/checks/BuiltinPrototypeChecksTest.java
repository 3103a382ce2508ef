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
import dev.credentials.testkit.TestEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The built-in prototypes' own declared checks and tests, with nothing wired by hand: an engine
 * that discovers the catalogue (credentials-prototypes) and the kinds (this module) runs them
 * through the launch gate, {@code store().test} and {@code store().check} against the machine's
 * PostgreSQL, MariaDB, Redis and RabbitMQ.
 */
@DisplayName("The built-in prototypes' declared checks, in an engine")
class BuiltinPrototypeChecksTest {

  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String USER = "builtin_" + SUFFIX;
  static final String PASS = "Builtin-pw-" + SUFFIX;

  /** What one engine said about one credential: the launch, the test and the on-demand check. */
  record Outcomes(LaunchDecision launch, CheckResult test, CheckResult check) {
    CredentialState launchState() {
      return launch.checks().values().iterator().next().state();
    }
  }

  @BeforeAll
  static void users() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        Statement s = c.createStatement()) {
      for (String host : new String[] {"%", "localhost"}) {
        s.execute("CREATE USER '" + USER + "'@'" + host + "' IDENTIFIED BY '" + PASS + "'");
        s.execute("GRANT SELECT ON test.* TO '" + USER + "'@'" + host + "'");
      }
    }
    try (Jedis j = new Jedis("127.0.0.1", 6379)) {
      j.aclSetUser(USER, "on", ">" + PASS, "+ping", "+hello", "+client", "+auth", "+select");
    }
  }

  @AfterAll
  static void dropUsers() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        Statement s = c.createStatement()) {
      s.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
      s.execute("DROP USER IF EXISTS '" + USER + "'@'localhost'");
    }
    try (Jedis j = new Jedis("127.0.0.1", 6379)) {
      j.aclDelUser(USER);
    }
  }

  /** A fresh engine with the discovered catalogue and kinds; one credential, bound and checked. */
  static Outcomes run(String code, Map<String, String> values) {
    try (TestEngine t =
        TestEngine.inMemory()
            .withoutSamples()
            .discoverPrototypes()
            .configure(b -> b.checkTimeout(Duration.ofSeconds(5)))
            .build()) {
      NewCredential.Builder n = NewCredential.builder(code, "svc");
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
      LaunchDecision d = t.engine().launchGate().prepare(t.service(), "job");
      CheckResult test = t.engine().store().test(t.admin(), m.id());
      CheckResult check = t.engine().store().check(t.admin(), m.id());
      assertThat(t.engine().store().get(t.admin(), m.id()).lastTest()).contains(test);
      return new Outcomes(d, test, check);
    }
  }

  static Map<String, String> values(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }

  static void available(Outcomes o) {
    assertThat(o.launch().outcome()).as(o.launch().reasons().toString()).isEqualTo(Outcome.RUN);
    assertThat(o.launchState()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(o.test().state()).as(o.test().message()).isEqualTo(CredentialState.AVAILABLE);
    assertThat(o.check().state()).as(o.check().message()).isEqualTo(CredentialState.AVAILABLE);
  }

  static void misconfigured(Outcomes o, String secret) {
    assertThat(o.launch().outcome()).isEqualTo(Outcome.BLOCK);
    assertThat(o.launchState()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(o.test().state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(o.check().state()).isEqualTo(CredentialState.MISCONFIGURED);
    assertThat(o.launch().reasons().toString() + o.test() + o.check()).doesNotContain(secret);
  }

  @Test
  @DisplayName("postgresql (jdbc): the right role RUNs; an unknown role BLOCKs (the server trusts)")
  void postgresql() {
    available(
        run(
            "postgresql",
            values("PGHOST", "127.0.0.1", "PGDATABASE", "test", "PGUSER", "postgres")));
    misconfigured(
        run(
            "postgresql",
            values(
                "PGHOST",
                "127.0.0.1",
                "PGDATABASE",
                "test",
                "PGUSER",
                "nobody_" + SUFFIX,
                "PGPASSWORD",
                "Wrong-" + PASS)),
        "Wrong-" + PASS);
  }

  @Test
  @DisplayName("postgresql where nothing listens: DEFER (UNAVAILABLE)")
  void postgresqlDown() throws Exception {
    Outcomes o =
        run(
            "postgresql",
            values(
                "PGHOST", "127.0.0.1",
                "PGPORT", "" + Harness.closedPort(),
                "PGDATABASE", "test",
                "PGUSER", "postgres"));
    assertThat(o.launch().outcome()).isEqualTo(Outcome.DEFER);
    assertThat(o.launchState()).isEqualTo(CredentialState.UNAVAILABLE);
  }

  @Test
  @DisplayName("mysql (jdbc) on MariaDB: the right password RUNs, a wrong one BLOCKs")
  void mysql() {
    available(
        run(
            "mysql",
            values(
                "MYSQL_HOST",
                "127.0.0.1",
                "MYSQL_DATABASE",
                "test",
                "MYSQL_USER",
                USER,
                "MYSQL_PASSWORD",
                PASS)));
    misconfigured(
        run(
            "mysql",
            values(
                "MYSQL_HOST",
                "127.0.0.1",
                "MYSQL_DATABASE",
                "test",
                "MYSQL_USER",
                USER,
                "MYSQL_PASSWORD",
                "Wrong-" + PASS)),
        "Wrong-" + PASS);
  }

  @Test
  @DisplayName("redis: an ACL user with the right password RUNs, a wrong one BLOCKs")
  void redis() {
    available(
        run(
            "redis",
            values("REDIS_HOST", "127.0.0.1", "REDIS_USERNAME", USER, "REDIS_PASSWORD", PASS)));
    misconfigured(
        run(
            "redis",
            values(
                "REDIS_HOST",
                "127.0.0.1",
                "REDIS_USERNAME",
                USER,
                "REDIS_PASSWORD",
                "Wrong-" + PASS)),
        "Wrong-" + PASS);
  }

  @Test
  @DisplayName("rabbitmq (amqp): guest/guest RUNs, a wrong password BLOCKs")
  void rabbitmq() {
    available(
        run(
            "rabbitmq",
            values(
                "RABBITMQ_HOST", "127.0.0.1",
                "RABBITMQ_USERNAME", "guest",
                "RABBITMQ_PASSWORD", "guest")));
    misconfigured(
        run(
            "rabbitmq",
            values(
                "RABBITMQ_HOST", "127.0.0.1",
                "RABBITMQ_USERNAME", "guest",
                "RABBITMQ_PASSWORD", "Wrong-" + PASS)),
        "Wrong-" + PASS);
  }
}
