package dev.credentials.jdbc.internal;

import static dev.credentials.jdbc.internal.SqlRunner.setInstant;

import dev.credentials.ConcurrentCredentialModificationException;
import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.spi.CredentialVersions;
import dev.credentials.spi.StoredVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The version history of a {@link JdbcUnitOfWork}: table {@code credential_versions}, one row per
 * version of a credential's values, sealed like the credential row.
 */
final class JdbcCredentialVersions implements CredentialVersions {

  private static final String COLUMNS =
      "tenant, credential_id, version, created_at, author, changed_fields, key_id, sealed_value";

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;
  private final Connection connection;
  private final DialectSql sql;

  JdbcCredentialVersions(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
    this.connection = run.connection;
    this.sql = run.sql;
  }

  @Override
  public void insert(StoredVersion v) {
    uow.writing();
    Objects.requireNonNull(v, "version");
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO credential_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, v.tenant().value());
      ps.setString(2, v.credentialId().value());
      ps.setLong(3, v.version());
      setInstant(ps, 4, v.createdAt());
      ps.setString(5, v.author());
      ps.setString(6, Columns.tags(v.changedFields()));
      ps.setString(7, v.keyId());
      ps.setBytes(8, v.sealedValues());
      ps.executeUpdate();
    } catch (SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new ConcurrentCredentialModificationException(
            "credential "
                + v.credentialId()
                + " already holds version "
                + v.version()
                + "; read it again and retry");
      }
      throw SqlErrors.translate("insert credential version", e, sql.dialect);
    }
  }

  @Override
  public List<StoredVersion> list(TenantId tenant, CredentialId id) {
    uow.reading();
    return query(
        "credential versions",
        "SELECT "
            + COLUMNS
            + " FROM credential_versions WHERE tenant = ? AND credential_id = ?"
            + " ORDER BY version DESC",
        List.of(tenant.value(), id.value()));
  }

  @Override
  public Optional<StoredVersion> find(TenantId tenant, CredentialId id, long version) {
    uow.reading();
    return query(
            "credential version",
            "SELECT "
                + COLUMNS
                + " FROM credential_versions WHERE tenant = ? AND credential_id = ?"
                + " AND version = ?",
            List.of(tenant.value(), id.value(), version))
        .stream()
        .findFirst();
  }

  @Override
  public int trim(TenantId tenant, CredentialId id, int keep) {
    uow.writing();
    if (keep < 0) {
      throw new IllegalArgumentException("keep must be at least 0, got " + keep);
    }
    try {
      List<long[]> rows = new ArrayList<>();
      try (PreparedStatement ps =
              run.prepare(
                  "SELECT version, OCTET_LENGTH(sealed_value) FROM credential_versions"
                      + " WHERE tenant = ? AND credential_id = ? ORDER BY version DESC",
                  List.of(tenant.value(), id.value()));
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
      if (rows.size() <= keep) {
        return 0;
      }
      // Secure delete: overwrite the ciphertext before the rows go, as for credential rows.
      try (PreparedStatement ps =
          connection.prepareStatement(
              "UPDATE credential_versions SET sealed_value = ?"
                  + " WHERE tenant = ? AND credential_id = ? AND version = ?")) {
        for (long[] row : rows.subList(keep, rows.size())) {
          ps.setBytes(1, new byte[(int) row[1]]);
          ps.setString(2, tenant.value());
          ps.setString(3, id.value());
          ps.setLong(4, row[0]);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps =
          run.prepare(
              "DELETE FROM credential_versions WHERE tenant = ? AND credential_id = ?"
                  + " AND version <= ?",
              List.of(tenant.value(), id.value(), rows.get(keep)[0]))) {
        return ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("trim credential versions", e, sql.dialect);
    }
  }

  @Override
  public boolean reseal(StoredVersion v) {
    uow.writing();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "UPDATE credential_versions SET key_id = ?, sealed_value = ?"
                + " WHERE tenant = ? AND credential_id = ? AND version = ?")) {
      ps.setString(1, v.keyId());
      ps.setBytes(2, v.sealedValues());
      ps.setString(3, v.tenant().value());
      ps.setString(4, v.credentialId().value());
      ps.setLong(5, v.version());
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlErrors.translate("reseal credential version", e, sql.dialect);
    }
  }

  @Override
  public Map<String, Long> countByKeyId() {
    uow.reading();
    Map<String, Long> out = new HashMap<>();
    try (PreparedStatement ps =
            run.prepare(
                "SELECT key_id, COUNT(*) FROM credential_versions GROUP BY key_id", List.of());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate("count credential versions by key", e, sql.dialect);
    }
  }

  @Override
  public List<StoredVersion> notSealedWith(String keyId, int limit) {
    uow.reading();
    Objects.requireNonNull(keyId, "keyId");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    if (limit == 0) {
      return new ArrayList<>();
    }
    return query(
        "credential versions not sealed with a key",
        "SELECT "
            + COLUMNS
            + " FROM credential_versions WHERE key_id <> ?"
            + " ORDER BY tenant, credential_id, version LIMIT ?",
        List.of(keyId, limit));
  }

  private List<StoredVersion> query(String operation, String statement, List<?> params) {
    try (PreparedStatement ps = run.prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      List<StoredVersion> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new StoredVersion(
                TenantId.of(rs.getString(1)),
                CredentialId.of(rs.getString(2)),
                rs.getLong(3),
                Columns.instant(rs.getBigDecimal(4)),
                rs.getString(5),
                Columns.tags(rs.getString(6)),
                rs.getString(7),
                rs.getBytes(8)));
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate(operation, e, sql.dialect);
    }
  }
}
