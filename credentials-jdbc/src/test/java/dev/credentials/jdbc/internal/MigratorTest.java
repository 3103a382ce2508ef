package dev.credentials.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialQuery;
import dev.credentials.CredentialState;
import dev.credentials.PageRequest;
import dev.credentials.StorageException;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.jdbc.Dialect;
import dev.credentials.jdbc.JdbcCredentialRepository;
import dev.credentials.jdbc.TestDatabases;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Schema migrator")
class MigratorTest {

  private static final TenantId TENANT = TenantId.of("acme");
  private static final CredentialId ID = CredentialId.of("6f1c1a3e-0000-4000-8000-000000000001");
  private static final Instant CREATED = Instant.parse("2025-05-05T05:05:05.123456789Z");

  @Test
  @DisplayName("every dialect has every migration script, and each splits into statements")
  void scriptsExist() {
    for (Dialect d : Dialect.values()) {
      Migrator m = new Migrator(d, "");
      for (Migrator.Migration migration : Migrator.MIGRATIONS) {
        List<String> statements = Migrator.statements(m.script(migration.version()));
        if (!m.script(migration.version()).contains("nothing to do")) {
          assertThat(statements).as(d + " V" + migration.version()).isNotEmpty();
        }
        assertThat(statements)
            .allSatisfy(s -> assertThat(s).doesNotEndWith(";").doesNotContain("${"));
      }
    }
    assertThat(Migrator.MIGRATIONS)
        .extracting(Migrator.Migration::version)
        .containsExactly(1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  @DisplayName("statements split at line-ending semicolons and skip comments")
  void splitting() {
    assertThat(
            Migrator.statements(
                "-- c\nCREATE TABLE a (x INT);\n\n  -- d\nCREATE INDEX i\n ON a (x);\nSELECT 1"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n ON a (x)", "SELECT 1");
  }

  @Test
  @DisplayName("MySQL gets its own binary no-pad collation, MariaDB its own")
  void collations() {
    assertThat(new Migrator(Dialect.MARIADB, "MySQL").script(1)).contains("utf8mb4_0900_bin");
    assertThat(new Migrator(Dialect.MARIADB, "MariaDB").script(1)).contains("utf8mb4_nopad_bin");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName("upgrading from every earlier version keeps every row")
  void upgradeFromEveryEarlierVersion(Kind kind) throws SQLException {
    for (Migrator.Migration earlier : Migrator.MIGRATIONS) {
      int from = earlier.version();
      if (from == Migrator.latestVersion()) {
        break;
      }
      String url = TestDatabases.freshUrl(kind);
      try (Connection c = TestDatabases.connect(url)) {
        Migrator migrator = new Migrator(Dialect.valueOf(kind.name()), product(c));
        assertThat(migrator.migrate(c, from)).isEqualTo(from);
        assertThat(Migrator.currentVersion(c)).isEqualTo(from);
        seedVersion1(c);
      }
      try (JdbcCredentialRepository repository =
          JdbcCredentialRepository.builder().url(url).build()) {
        assertThat(repository.schemaVersion()).isEqualTo(Migrator.latestVersion());
        assertSeedIntact(repository);
        // the new tables work
        CheckResult result =
            CheckResult.of(
                CredentialState.AVAILABLE, "ok", CREATED, java.time.Duration.ofMinutes(5));
        repository.inTransaction(
            u -> {
              u.checks().append(TENANT, ID, result);
              return null;
            });
        assertThat(repository.read((UnitOfWork u) -> u.checks().latest(TENANT, List.of(ID))))
            .containsEntry(ID, result);
      }
      try (Connection c = TestDatabases.connect(url)) {
        assertThat(versions(c)).containsExactlyElementsOf(allVersions());
        if (kind == Kind.H2) {
          assertThat(columnType(c, "CREDENTIALS", "SEALED_VALUE")).isEqualTo("BINARY VARYING");
        }
      }
    }
  }

  private static String columnType(Connection c, String table, String column) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = ? AND"
                + " COLUMN_NAME = ?")) {
      ps.setString(1, table);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as(table + "." + column).isTrue();
        return rs.getString(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName("migrating again, or completing a migration that stopped half way, changes nothing")
  void idempotent(Kind kind) throws SQLException {
    String url = TestDatabases.freshUrl(kind);
    try (Connection c = TestDatabases.connect(url)) {
      Migrator migrator = new Migrator(Dialect.valueOf(kind.name()), product(c));
      migrator.migrate(c);
      seedVersion1(c);
      assertThat(migrator.migrate(c)).isEqualTo(Migrator.latestVersion());
      // as if V2 and V3 had done their work but the process died before recording it
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM credentials_schema_version WHERE version >= 2");
        if (!c.getAutoCommit()) {
          c.commit();
        }
      }
      assertThat(migrator.migrate(c)).isEqualTo(Migrator.latestVersion());
      assertThat(versions(c)).containsExactlyElementsOf(allVersions());
    }
    try (JdbcCredentialRepository repository =
        JdbcCredentialRepository.builder().url(url).build()) {
      assertSeedIntact(repository);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName("a schema newer than this library is refused with advice")
  void newerSchemaRefused(Kind kind) throws SQLException {
    String url = TestDatabases.freshUrl(kind);
    try (Connection c = TestDatabases.connect(url)) {
      new Migrator(Dialect.valueOf(kind.name()), product(c)).migrate(c);
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO credentials_schema_version (version, description, checksum, applied_at)"
                + " VALUES (99, 'future', 'x', 'now')");
        if (!c.getAutoCommit()) {
          c.commit();
        }
      }
    }
    assertThatThrownBy(() -> JdbcCredentialRepository.builder().url(url).build())
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("version 99")
        .hasMessageContaining("upgrade");
  }

  private static String product(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName();
  }

  private static List<Integer> versions(Connection c) throws SQLException {
    List<Integer> out = new java.util.ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT version FROM credentials_schema_version ORDER BY version")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  /**
   * A sealed value long enough that H2 kept it out of the row as a BLOB before version 3, with a
   * byte of every value.
   */
  private static final byte[] SEALED = sealedValue();

  private static byte[] sealedValue() {
    byte[] b = new byte[70_000];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  /** Rows as a version-1 installation wrote them, in plain SQL. */
  private static void seedVersion1(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    exec(
        c,
        "INSERT INTO credentials (tenant, id, prototype, name, name_folded, environment,"
            + " description, tags, active, expires_at, version, created_at, updated_at, key_id,"
            + " sealed_value) VALUES (?, ?, 'postgres', 'Main DB', 'main db', 'production',"
            + " 'legacy', '[\"a\",\"b\"]', ?, NULL, 3, ?, ?, 'key-1', ?)",
        TENANT.value(),
        ID.value(),
        true,
        Columns.instant(CREATED),
        Columns.instant(CREATED),
        SEALED.clone());
    exec(
        c,
        "INSERT INTO credential_tags (tenant, credential_id, tag) VALUES (?, ?, 'a')",
        TENANT.value(),
        ID.value());
    exec(
        c,
        "INSERT INTO credential_tags (tenant, credential_id, tag) VALUES (?, ?, 'b')",
        TENANT.value(),
        ID.value());
    exec(c, "INSERT INTO consumers (tenant, id) VALUES (?, 'job-1')", TENANT.value());
    exec(
        c,
        "INSERT INTO consumer_requirements (tenant, consumer_id, ordinal, topic, description)"
            + " VALUES (?, 'job-1', 0, 'postgres', 'the database')",
        TENANT.value());
    exec(
        c,
        "INSERT INTO bindings (tenant, consumer_id, topic, credential_id, variable_prefix,"
            + " bound_at, bound_by) VALUES (?, 'job-1', 'postgres', ?, NULL, ?, 'user:alice')",
        TENANT.value(),
        ID.value(),
        Columns.instant(CREATED));
    exec(
        c,
        "INSERT INTO audit_events (tenant, seq, event_time, principal, action, credential_id,"
            + " consumer_id, client_address, correlation_id, details, previous_hash, hash)"
            + " VALUES (?, 1, ?, 'user:alice', 'CREATED', ?, NULL, NULL, NULL, '{}', ?, ?)",
        TENANT.value(),
        Columns.instant(CREATED),
        ID.value(),
        AuditEvent.GENESIS_HASH,
        "1".repeat(64));
    exec(c, "INSERT INTO audit_chain_heads (tenant, last_seq) VALUES (?, 1)", TENANT.value());
    exec(
        c,
        "INSERT INTO prototype_documents (code, document) VALUES ('custom', '{\"code\":\"custom\"}')");
    c.commit();
    c.setAutoCommit(autoCommit);
  }

  private static void exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  private static void assertSeedIntact(JdbcCredentialRepository repository) {
    StoredCredential expected =
        new StoredCredential(
            new CredentialMetadata(
                ID,
                TENANT,
                "postgres",
                "Main DB",
                "production",
                "legacy",
                Set.of("a", "b"),
                true,
                Optional.empty(),
                3,
                CREATED,
                CREATED,
                "key-1",
                Optional.empty()),
            SEALED.clone());
    assertThat(repository.read((UnitOfWork u) -> u.credentials().find(TENANT, ID)))
        .contains(expected);
    assertThat(
            repository
                .read(
                    u ->
                        u.credentials()
                            .list(
                                TENANT,
                                CredentialQuery.all().withTag("b").withNameContaining("main"),
                                PageRequest.first(5)))
                .items())
        .containsExactly(expected);
    assertThat(repository.read((UnitOfWork u) -> u.bindings().consumer(TENANT, "job-1")))
        .contains(
            new Consumer(
                "job-1",
                List.of(new dev.credentials.Requirement(Topic.of("postgres"), "the database"))));
    assertThat(repository.read((UnitOfWork u) -> u.bindings().ofConsumer(TENANT, "job-1")))
        .containsExactly(
            new Binding(
                TENANT,
                "job-1",
                Topic.of("postgres"),
                ID,
                Optional.empty(),
                CREATED,
                "user:alice"));
    AuditEvent last = repository.inTransaction(u -> u.audit().last(TENANT)).orElseThrow();
    assertThat(last.sequence()).isEqualTo(1);
    assertThat(last.action()).isEqualTo(AuditAction.CREATED);
    assertThat(repository.read((UnitOfWork u) -> u.prototypeDocuments().all()))
        .isEqualTo(Map.of("custom", "{\"code\":\"custom\"}"));
  }

  private static List<Integer> allVersions() {
    return Migrator.MIGRATIONS.stream().map(Migrator.Migration::version).toList();
  }
}
