package dev.credentials.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Caller;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rotation of a PostgreSQL role's password on the real server at {@code
 * CREDENTIALS_TEST_POSTGRES_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), with a role created per test under a
 * unique name and dropped afterwards.
 *
 * <p>The test server authenticates loopback connections by {@code trust}, so a connect succeeds
 * with any password: these tests prove which password a role has by recomputing its SCRAM-SHA-256
 * verifier in {@code pg_authid} from the password, and make verification fail with a database that
 * does not exist.
 */
class PostgresRotationTest {

  static final String ADMIN_URL =
      System.getenv()
          .getOrDefault(
              "CREDENTIALS_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final TenantId TENANT = TenantId.of("acme");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("alice", TENANT));
  static final String CANARY = "CANARY-" + UUID.randomUUID();

  private final String role =
      "rot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private final String oldPassword = "old-" + CANARY;
  private MutableClock clock;
  private Credentials credentials;
  private CredentialMetadata admin;

  @BeforeEach
  void start() throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN_URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + oldPassword + "'");
    }
    clock = MutableClock.atDefaultStart();
    credentials =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .clock(clock)
            .build();
    admin = pg("pg-admin", "postgres", "unused-with-trust", "test");
  }

  @AfterEach
  void stop() throws SQLException {
    credentials.close();
    try (Connection c = DriverManager.getConnection(ADMIN_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS " + role);
    }
  }

  private CredentialMetadata pg(String name, String user, String password, String database) {
    return credentials
        .store()
        .create(
            ADMIN,
            NewCredential.builder("postgresql", name)
                .value("PGHOST", "127.0.0.1")
                .value("PGPORT", "5432")
                .value("PGDATABASE", database)
                .value("PGUSER", user)
                .secret("PGPASSWORD", Secret.of(password))
                .build());
  }

  private String storedPassword(CredentialMetadata m) {
    return credentials.store().reveal(ADMIN, m.id()).values().get("PGPASSWORD").reveal();
  }

  /** Whether the role's SCRAM-SHA-256 verifier in pg_authid was made from this password. */
  private boolean roleHasPassword(String password) throws Exception {
    String verifier;
    try (Connection c = DriverManager.getConnection(ADMIN_URL);
        PreparedStatement s =
            c.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
      s.setString(1, role);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as("role " + role + " exists").isTrue();
        verifier = r.getString(1);
      }
    }
    // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> (RFC 5802, RFC 7677)
    assertThat(verifier).startsWith("SCRAM-SHA-256$");
    String[] parts = verifier.substring("SCRAM-SHA-256$".length()).split("[$:]");
    int iterations = Integer.parseInt(parts[0]);
    byte[] salt = Base64.getDecoder().decode(parts[1]);
    byte[] salted =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
            .getEncoded();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salted, "HmacSHA256"));
    byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8));
    byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
    return Base64.getEncoder().encodeToString(storedKey).equals(parts[2]);
  }

  @Test
  @DisplayName("a rotation sets a new password on the role, stores it as a new version, verifies")
  void rotates() throws Exception {
    CredentialMetadata target = pg("reporting", role, oldPassword, "test");
    assertThat(roleHasPassword(oldPassword)).isTrue();
    CredentialRotation rotation =
        CredentialRotation.of(credentials, clock, PostgresRotator.create());

    RotationResult result = rotation.rotate(ADMIN, target.id(), admin.id());

    String next = storedPassword(target);
    assertThat(next).isNotEqualTo(oldPassword).hasSize(32).matches("[A-Za-z0-9]{32}");
    assertThat(result.credential().version()).isEqualTo(target.version() + 1);
    assertThat(result.fields()).containsExactly("PGPASSWORD");
    assertThat(roleHasPassword(next)).isTrue();
    assertThat(roleHasPassword(oldPassword)).isFalse();
  }

  @Test
  @DisplayName("a failed verification gives the role its old password back and stores it again")
  void rollsBack() throws Exception {
    String missingDb = "no_such_db_" + UUID.randomUUID().toString().replace("-", "");
    CredentialMetadata target = pg("broken", role, oldPassword, missingDb);
    CredentialRotation rotation =
        CredentialRotation.of(credentials, clock, PostgresRotator.create());

    assertThatThrownBy(() -> rotation.rotate(ADMIN, target.id(), admin.id()))
        .isInstanceOf(RotationFailedException.class)
        .hasMessageContaining("verification")
        .hasMessageContaining("old secret again")
        .hasMessageNotContaining(CANARY);

    assertThat(roleHasPassword(oldPassword)).isTrue();
    assertThat(storedPassword(target)).isEqualTo(oldPassword);
    assertThat(credentials.store().get(ADMIN, target.id()).version())
        .isEqualTo(target.version() + 2);
  }

  @Test
  @DisplayName("a refused change leaves role and credential as they were")
  void refused() throws Exception {
    CredentialMetadata target = pg("reporting", role, oldPassword, "test");
    CredentialMetadata weak = pg("not-admin", role, oldPassword, "test");
    try (Connection c = DriverManager.getConnection(ADMIN_URL);
        Statement s = c.createStatement()) {
      s.execute("ALTER ROLE " + role + " NOCREATEROLE");
    }
    CredentialRotation rotation =
        CredentialRotation.of(credentials, clock, PostgresRotator.create());
    // a role may change its own password: rotate another role's over it instead
    String other = role + "_b";
    try (Connection c = DriverManager.getConnection(ADMIN_URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + other + " LOGIN PASSWORD '" + oldPassword + "'");
    }
    try {
      CredentialMetadata otherTarget = pg("other", other, oldPassword, "test");
      assertThatThrownBy(() -> rotation.rotate(ADMIN, otherTarget.id(), weak.id()))
          .isInstanceOf(RotationFailedException.class)
          .hasMessageContaining("nothing changed")
          .hasMessageNotContaining(CANARY);
      assertThat(storedPassword(otherTarget)).isEqualTo(oldPassword);
      assertThat(credentials.store().get(ADMIN, otherTarget.id()).version())
          .isEqualTo(otherTarget.version());
    } finally {
      try (Connection c = DriverManager.getConnection(ADMIN_URL);
          Statement s = c.createStatement()) {
        s.execute("DROP ROLE IF EXISTS " + other);
      }
    }
    assertThat(storedPassword(target)).isEqualTo(oldPassword);
  }

  @Test
  @DisplayName("a schedule rotates once per interval by the injected clock")
  void schedule() throws Exception {
    CredentialMetadata target = pg("reporting", role, oldPassword, "test");
    CredentialRotation rotation =
        CredentialRotation.of(credentials, clock, PostgresRotator.create());
    rotation.schedule(ADMIN, target.id(), admin.id(), Duration.ofDays(30));
    assertThat(rotation.runDue()).isEmpty();
    clock.advance(Duration.ofDays(29));
    assertThat(rotation.runDue()).isEmpty();
    clock.advance(Duration.ofDays(1));
    assertThat(rotation.runDue()).hasSize(1);
    assertThat(rotation.runDue()).isEmpty();
    String first = storedPassword(target);
    assertThat(roleHasPassword(first)).isTrue();
    assertThat(rotation.nextRotation(target.id()))
        .contains(clock.instant().plus(Duration.ofDays(30)));
    clock.advance(Duration.ofDays(30));
    assertThat(rotation.runDue()).hasSize(1);
    assertThat(storedPassword(target)).isNotEqualTo(first);
    assertThat(roleHasPassword(storedPassword(target))).isTrue();
    assertThat(rotation.unschedule(target.id())).isTrue();
  }

  @Test
  @DisplayName("a credential no rotator rotates is refused, naming its prototype")
  void noRotator() {
    CredentialMetadata redis =
        credentials
            .store()
            .create(
                ADMIN,
                NewCredential.builder("redis", "cache").value("REDIS_HOST", "127.0.0.1").build());
    CredentialRotation rotation =
        CredentialRotation.of(credentials, clock, PostgresRotator.create());
    assertThatThrownBy(() -> rotation.rotate(ADMIN, redis.id(), admin.id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prototype redis");
  }

  @Test
  @DisplayName("old and new passwords never reach logs, messages or audit")
  void canary() throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> texts = new ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String next;
    try {
      CredentialMetadata target = pg("reporting", role, oldPassword, "test");
      CredentialRotation rotation =
          CredentialRotation.of(credentials, clock, PostgresRotator.create());
      texts.add(rotation.rotate(ADMIN, target.id(), admin.id()).toString());
      next = storedPassword(target);
      CredentialMetadata broken =
          pg("broken", role, next, "no_such_db_" + UUID.randomUUID().toString().replace("-", ""));
      try {
        rotation.rotate(ADMIN, broken.id(), admin.id());
      } catch (RotationFailedException e) {
        texts.add(e.getMessage());
      }
      for (AuditEvent e :
          credentials.audit().query(ADMIN, AuditQuery.all(), PageRequest.first(1000)).items()) {
        texts.add(e.toString());
      }
    } finally {
      System.setErr(originalErr);
    }
    texts.add(captured.toString(StandardCharsets.UTF_8));
    String all = String.join("\n", texts);
    assertThat(all).contains("rotated").doesNotContain(CANARY).doesNotContain(next);
  }
}
