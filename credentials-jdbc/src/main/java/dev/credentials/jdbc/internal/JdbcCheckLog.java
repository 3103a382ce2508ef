package dev.credentials.jdbc.internal;

import static dev.credentials.jdbc.internal.SqlRunner.idChunks;
import static dev.credentials.jdbc.internal.SqlRunner.marks;
import static dev.credentials.jdbc.internal.SqlRunner.setInstant;
import static dev.credentials.jdbc.internal.SqlRunner.tenantThen;

import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialState;
import dev.credentials.TenantId;
import dev.credentials.spi.CheckLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The check log of a {@link JdbcUnitOfWork}: table {@code check_results}, the newest {@link
 * #CHECK_LOG_LIMIT} results kept per credential.
 */
final class JdbcCheckLog implements CheckLog {

  /** How many check results are kept per credential, as in the in-memory repository. */
  static final int CHECK_LOG_LIMIT = 100;

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;
  private final Connection connection;
  private final DialectSql sql;

  JdbcCheckLog(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
    this.connection = run.connection;
    this.sql = run.sql;
  }

  @Override
  public void append(TenantId tenant, CredentialId credentialId, CheckResult result) {
    uow.writing();
    try {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO check_results (tenant, credential_id, state, message, checked_at,"
                  + " ttl_seconds, details) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, tenant.value());
        ps.setString(2, credentialId.value());
        ps.setString(3, result.state().name());
        ps.setString(4, result.message());
        setInstant(ps, 5, result.checkedAt());
        ps.setLong(6, result.ttlSeconds());
        ps.setString(7, Columns.details(result.details()));
        ps.executeUpdate();
      }
      // Keep the newest CHECK_LOG_LIMIT results of the credential.
      Long oldestKept = null;
      try (PreparedStatement ps =
              run.prepare(
                  "SELECT seq FROM check_results WHERE tenant = ? AND credential_id = ?"
                      + " ORDER BY seq DESC LIMIT 1 OFFSET ?",
                  List.of(tenant.value(), credentialId.value(), CHECK_LOG_LIMIT - 1));
          ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          oldestKept = rs.getLong(1);
        }
      }
      if (oldestKept != null) {
        try (PreparedStatement ps =
            run.prepare(
                "DELETE FROM check_results WHERE tenant = ? AND credential_id = ? AND seq < ?",
                List.of(tenant.value(), credentialId.value(), oldestKept))) {
          ps.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("append check result", e, sql.dialect);
    }
  }

  @Override
  public Map<CredentialId, CheckResult> latest(TenantId tenant, Collection<CredentialId> ids) {
    uow.reading();
    Map<CredentialId, CheckResult> out = new HashMap<>();
    for (List<String> chunk : idChunks(ids)) {
      List<Object> params = tenantThen(tenant, chunk);
      params.add(tenant.value());
      try (PreparedStatement ps =
              run.prepare(
                  "SELECT r.credential_id, r.state, r.message, r.checked_at, r.ttl_seconds,"
                      + " r.details FROM check_results r JOIN (SELECT MAX(seq) AS seq FROM"
                      + " check_results WHERE tenant = ? AND credential_id IN ("
                      + marks(chunk.size())
                      + ") GROUP BY credential_id) latest ON r.seq = latest.seq"
                      + " WHERE r.tenant = ?",
                  params);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              CredentialId.of(rs.getString(1)),
              new CheckResult(
                  CredentialState.valueOf(rs.getString(2)),
                  rs.getString(3),
                  Columns.instant(rs.getBigDecimal(4)),
                  rs.getLong(5),
                  Columns.details(rs.getString(6))));
        }
      } catch (SQLException e) {
        throw SqlErrors.translate("latest check results", e, sql.dialect);
      }
    }
    return out;
  }
}
