package dev.credentials.jdbc.internal;

import static dev.credentials.jdbc.internal.SqlRunner.idChunks;
import static dev.credentials.jdbc.internal.SqlRunner.marks;
import static dev.credentials.jdbc.internal.SqlRunner.setInstant;
import static dev.credentials.jdbc.internal.SqlRunner.tenantThen;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.jdbc.Dialect;
import dev.credentials.spi.ExpiringCredential;
import dev.credentials.spi.ReminderRecord;
import dev.credentials.spi.ReminderRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The sent expiry reminders of a {@link JdbcUnitOfWork}: table {@code expiry_reminders}, recorded
 * with an insert-if-absent ({@code ON CONFLICT DO NOTHING} on PostgreSQL, {@code INSERT IGNORE} on
 * MariaDB/MySQL, a caught duplicate key on H2, which does not abort the transaction for it).
 */
final class JdbcReminderRecords implements ReminderRecords {

  private static final String INSERT =
      " INTO expiry_reminders (tenant, credential_id, expires_at, lead_seconds, sent_at)"
          + " VALUES (?, ?, ?, ?, ?)";

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;
  private final Connection connection;
  private final DialectSql sql;

  JdbcReminderRecords(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
    this.connection = run.connection;
    this.sql = run.sql;
  }

  @Override
  public boolean record(ReminderRecord r) {
    uow.writing();
    Objects.requireNonNull(r, "reminder");
    String statement =
        switch (sql.dialect) {
          case POSTGRESQL -> "INSERT" + INSERT + " ON CONFLICT DO NOTHING";
          case MARIADB -> "INSERT IGNORE" + INSERT;
          default -> "INSERT" + INSERT;
        };
    try (PreparedStatement ps = connection.prepareStatement(statement)) {
      ps.setString(1, r.tenant().value());
      ps.setString(2, r.credentialId().value());
      setInstant(ps, 3, r.expiresAt());
      ps.setLong(4, r.leadTime().getSeconds());
      setInstant(ps, 5, r.sentAt());
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      if (sql.dialect == Dialect.H2 && SqlErrors.isUniqueViolation(e)) {
        return false;
      }
      throw SqlErrors.translate("record expiry reminder", e, sql.dialect);
    }
  }

  @Override
  public List<ReminderRecord> sent(TenantId tenant, Collection<CredentialId> ids) {
    uow.reading();
    List<ReminderRecord> out = new ArrayList<>();
    for (List<String> chunk : idChunks(ids)) {
      try {
        out.addAll(
            run.query(
                "SELECT credential_id, expires_at, lead_seconds, sent_at FROM expiry_reminders"
                    + " WHERE tenant = ? AND credential_id IN ("
                    + marks(chunk.size())
                    + ")",
                tenantThen(tenant, chunk),
                rs ->
                    new ReminderRecord(
                        tenant,
                        CredentialId.of(rs.getString(1)),
                        Columns.instant(rs.getBigDecimal(2)),
                        Duration.ofSeconds(rs.getLong(3)),
                        Columns.instant(rs.getBigDecimal(4)))));
      } catch (SQLException e) {
        throw SqlErrors.translate("sent expiry reminders", e, sql.dialect);
      }
    }
    return out;
  }

  @Override
  public List<ExpiringCredential> expiringBetween(Instant from, Instant until, int limit) {
    uow.reading();
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    if (limit == 0) {
      return new ArrayList<>();
    }
    try {
      return run.query(
          "SELECT tenant, id, name, environment, expires_at FROM credentials"
              + " WHERE active = ? AND expires_at >= ? AND expires_at < ?"
              + " ORDER BY expires_at, tenant, id LIMIT ?",
          List.of(true, Columns.instant(from), Columns.instant(until), limit),
          rs ->
              new ExpiringCredential(
                  TenantId.of(rs.getString(1)),
                  CredentialId.of(rs.getString(2)),
                  rs.getString(3),
                  rs.getString(4),
                  Columns.instant(rs.getBigDecimal(5))));
    } catch (SQLException e) {
      throw SqlErrors.translate("credentials expiring", e, sql.dialect);
    }
  }
}
