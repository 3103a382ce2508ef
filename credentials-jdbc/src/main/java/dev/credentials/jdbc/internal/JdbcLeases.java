package dev.credentials.jdbc.internal;

import dev.credentials.TenantId;
import dev.credentials.spi.Lease;
import dev.credentials.spi.Leases;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The leases of a {@link JdbcUnitOfWork}: table {@code leases}, one row per (tenant, key). Taking a
 * lease is one statement that inserts the row or, where it exists, overwrites it only when it has
 * expired or is the asker's own — {@code ON CONFLICT … DO UPDATE … WHERE} on PostgreSQL, {@code ON
 * DUPLICATE KEY UPDATE} with conditional assignments on MariaDB/MySQL, {@code MERGE … WHEN MATCHED
 * AND} on H2 — so the database's row lock decides a race; a read of the row in the same transaction
 * then says who holds it. No advisory lock: a lease outlives its owner's connection until its
 * expiry, which is what lets another engine take it over then, and no earlier.
 */
final class JdbcLeases implements Leases {

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;

  JdbcLeases(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
  }

  /** Parameters, in order: tenant, key, owner, until, now. */
  private String takeStatement() {
    return switch (run.sql.dialect) {
      case POSTGRESQL ->
          "INSERT INTO leases (tenant, lease_key, owner_id, expires_at) VALUES (?, ?, ?, ?)"
              + " ON CONFLICT (tenant, lease_key) DO UPDATE SET owner_id = EXCLUDED.owner_id,"
              + " expires_at = EXCLUDED.expires_at"
              + " WHERE leases.owner_id = EXCLUDED.owner_id OR leases.expires_at <= ?";
      // Assignments run left to right: owner_id first, on the old row; then expires_at follows
      // only when owner_id is now the asker's.
      case MARIADB ->
          "INSERT INTO leases (tenant, lease_key, owner_id, expires_at) VALUES (?, ?, ?, ?)"
              + " ON DUPLICATE KEY UPDATE owner_id = IF(owner_id = VALUES(owner_id)"
              + " OR expires_at <= ?, VALUES(owner_id), owner_id),"
              + " expires_at = IF(owner_id = VALUES(owner_id), VALUES(expires_at), expires_at)";
      case H2 ->
          "MERGE INTO leases l USING (VALUES (CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(200)),"
              + " CAST(? AS VARCHAR(100)), CAST(? AS NUMERIC(29,9))))"
              + " s(tenant, lease_key, owner_id, expires_at)"
              + " ON l.tenant = s.tenant AND l.lease_key = s.lease_key"
              + " WHEN MATCHED AND (l.owner_id = s.owner_id OR l.expires_at <= ?) THEN UPDATE SET"
              + " owner_id = s.owner_id, expires_at = s.expires_at"
              + " WHEN NOT MATCHED THEN INSERT (tenant, lease_key, owner_id, expires_at)"
              + " VALUES (s.tenant, s.lease_key, s.owner_id, s.expires_at)";
    };
  }

  @Override
  public boolean tryAcquire(TenantId tenant, String key, String owner, Instant now, Instant until) {
    Lease wanted = Lease.requested(tenant, key, owner, now, until);
    uow.writing();
    try {
      run.upsert(
          takeStatement(),
          List.of(tenant.value(), key, owner, Columns.instant(until), Columns.instant(now)));
      return current(tenant, key).filter(l -> l.equals(wanted)).isPresent();
    } catch (SQLException e) {
      throw run.translate("take lease", e);
    }
  }

  @Override
  public boolean renew(TenantId tenant, String key, String owner, Instant now, Instant until) {
    Lease.requested(tenant, key, owner, now, until);
    uow.writing();
    try {
      return run.update(
              "UPDATE leases SET expires_at = ? WHERE tenant = ? AND lease_key = ?"
                  + " AND owner_id = ? AND expires_at > ?",
              List.of(Columns.instant(until), tenant.value(), key, owner, Columns.instant(now)))
          > 0;
    } catch (SQLException e) {
      throw run.translate("renew lease", e);
    }
  }

  @Override
  public boolean release(TenantId tenant, String key, String owner) {
    Objects.requireNonNull(tenant, "tenant");
    Lease.requireKey(key);
    Lease.requireOwner(owner);
    uow.writing();
    try {
      return run.update(
              "DELETE FROM leases WHERE tenant = ? AND lease_key = ? AND owner_id = ?",
              List.of(tenant.value(), key, owner))
          > 0;
    } catch (SQLException e) {
      throw run.translate("release lease", e);
    }
  }

  @Override
  public Optional<Lease> holder(TenantId tenant, String key, Instant now) {
    Objects.requireNonNull(tenant, "tenant");
    Lease.requireKey(key);
    Objects.requireNonNull(now, "now");
    uow.reading();
    try {
      return current(tenant, key).filter(l -> l.expiresAt().isAfter(now));
    } catch (SQLException e) {
      throw run.translate("read lease", e);
    }
  }

  private Optional<Lease> current(TenantId tenant, String key) throws SQLException {
    return run
        .query(
            "SELECT owner_id, expires_at FROM leases WHERE tenant = ? AND lease_key = ?",
            List.of(tenant.value(), key),
            rs -> new Lease(tenant, key, rs.getString(1), Columns.instant(rs.getBigDecimal(2))))
        .stream()
        .findFirst();
  }
}
