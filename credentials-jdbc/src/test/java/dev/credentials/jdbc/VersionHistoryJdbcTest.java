package dev.credentials.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.Caller;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.CredentialVersion;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.TestDatabases.Kind;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Versions on JDBC")
class VersionHistoryJdbcTest {

  private static final TenantId TENANT = TenantId.of("acme");
  private static final Caller ADMIN = Caller.of(TENANT, Principal.admin("ops", TENANT));
  private static final String CANARY = "canary-91c4e7-version";

  private static Credentials engine(String url) {
    return Credentials.builder()
        .repository(JdbcCredentialRepository.builder().url(url).build())
        .keys(CredentialKeys.generate())
        .discoverPrototypes(false)
        .slf4jReporter(false)
        .prototype(
            Prototype.builder("db")
                .field(FieldDefinition.builder("USER", FieldType.STRING).build())
                .field(FieldDefinition.builder("PASSWORD", FieldType.PASSWORD).build())
                .build())
        .build();
  }

  /** Every table of the connection's schema with every value as text and as bytes. */
  private static List<String> everything(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    DatabaseMetaData meta = c.getMetaData();
    try (ResultSet rs =
        meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).map(String::toLowerCase).contains("credential_versions", "audit_events");
    List<String> out = new ArrayList<>();
    for (String table : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            if (v instanceof byte[] b) {
              out.add(new String(b, StandardCharsets.ISO_8859_1));
            } else if (v != null) {
              out.add(String.valueOf(v));
            }
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName(
      "history round-trips, rolls back and is deleted; no value in any column of any table")
  void history(Kind kind) throws Exception {
    String url = TestDatabases.freshUrl(kind);
    try (Credentials engine = engine(url);
        Connection c = TestDatabases.connect(url)) {
      CredentialMetadata m =
          engine
              .store()
              .create(
                  ADMIN,
                  NewCredential.builder("db", "main")
                      .value("USER", "app")
                      .secret("PASSWORD", Secret.of(CANARY + "-1"))
                      .build());
      for (int i = 2; i <= 3; i++) {
        m =
            engine
                .store()
                .update(
                    ADMIN,
                    m.id(),
                    CredentialUpdate.builder(m.version())
                        .secret("PASSWORD", Secret.of(CANARY + "-" + i))
                        .build());
      }
      CredentialMetadata rolled = engine.store().rollback(ADMIN, m.id(), 1, m.version());
      assertThat(engine.store().versions(ADMIN, m.id()))
          .extracting(CredentialVersion::version)
          .containsExactly(4L, 3L, 2L, 1L);
      assertThat(
              engine
                  .store()
                  .revealVersion(ADMIN, m.id(), 2)
                  .value("PASSWORD")
                  .orElseThrow()
                  .reveal())
          .isEqualTo(CANARY + "-2");
      assertThat(engine.store().reveal(ADMIN, m.id()).value("PASSWORD").orElseThrow().reveal())
          .isEqualTo(CANARY + "-1");
      assertThat(rolled.version()).isEqualTo(4);

      List<String> stored = everything(c);
      assertThat(stored).isNotEmpty().noneMatch(v -> v.contains(CANARY));
      assertThat(stored).anyMatch(v -> v.contains("PASSWORD"));

      engine.store().delete(ADMIN, m.id());
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM credential_versions")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }
}
