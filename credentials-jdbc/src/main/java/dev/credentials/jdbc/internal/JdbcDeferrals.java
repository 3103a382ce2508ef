package dev.credentials.jdbc.internal;

import dev.credentials.TenantId;
import dev.credentials.spi.DeferralCount;
import dev.credentials.spi.DeferralRecords;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The launch deferrals of a {@link JdbcUnitOfWork}: table {@code launch_deferrals}, one row per
 * (tenant, consumer). A deferral is one upsert that inserts the count at one or adds one to it
 * under the row's lock ({@code ON CONFLICT DO UPDATE} on PostgreSQL, {@code ON DUPLICATE KEY
 * UPDATE} on MariaDB/MySQL, {@code MERGE} on H2), then reads the row back in the same transaction:
 * engines deferring at once each count.
 */
final class JdbcDeferrals implements DeferralRecords {

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;

  JdbcDeferrals(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
  }

  /** Parameters, in order: tenant, consumer, now. */
  private String countStatement() {
    return switch (run.sql.dialect) {
      case POSTGRESQL ->
          "INSERT INTO launch_deferrals (tenant, consumer_id, deferral_count, first_at)"
              + " VALUES (?, ?, 1, ?) ON CONFLICT (tenant, consumer_id) DO UPDATE SET"
              + " deferral_count = launch_deferrals.deferral_count + 1";
      case MARIADB ->
          "INSERT INTO launch_deferrals (tenant, consumer_id, deferral_count, first_at)"
              + " VALUES (?, ?, 1, ?) ON DUPLICATE KEY UPDATE deferral_count = deferral_count + 1";
      case H2 ->
          "MERGE INTO launch_deferrals d USING (VALUES (CAST(? AS VARCHAR(128)),"
              + " CAST(? AS VARCHAR(128)), CAST(? AS NUMERIC(29,9))))"
              + " s(tenant, consumer_id, first_at)"
              + " ON d.tenant = s.tenant AND d.consumer_id = s.consumer_id"
              + " WHEN MATCHED THEN UPDATE SET deferral_count = d.deferral_count + 1"
              + " WHEN NOT MATCHED THEN INSERT (tenant, consumer_id, deferral_count, first_at)"
              + " VALUES (s.tenant, s.consumer_id, 1, s.first_at)";
    };
  }

  @Override
  public DeferralCount defer(TenantId tenant, String consumerId, Instant now) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(now, "now");
    uow.writing();
    try {
      run.upsert(countStatement(), List.of(tenant.value(), consumerId, Columns.instant(now)));
      return read(tenant, consumerId)
          .orElseThrow(() -> new IllegalStateException("deferral count vanished in its own write"));
    } catch (SQLException e) {
      throw run.translate("count deferral", e);
    }
  }

  @Override
  public Optional<DeferralCount> find(TenantId tenant, String consumerId) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(consumerId, "consumerId");
    uow.reading();
    try {
      return read(tenant, consumerId);
    } catch (SQLException e) {
      throw run.translate("read deferral count", e);
    }
  }

  @Override
  public boolean clear(TenantId tenant, String consumerId) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(consumerId, "consumerId");
    uow.writing();
    try {
      return run.update(
              "DELETE FROM launch_deferrals WHERE tenant = ? AND consumer_id = ?",
              List.of(tenant.value(), consumerId))
          > 0;
    } catch (SQLException e) {
      throw run.translate("clear deferral count", e);
    }
  }

  private Optional<DeferralCount> read(TenantId tenant, String consumerId) throws SQLException {
    return run
        .query(
            "SELECT deferral_count, first_at FROM launch_deferrals"
                + " WHERE tenant = ? AND consumer_id = ?",
            List.of(tenant.value(), consumerId),
            rs -> new DeferralCount(rs.getInt(1), Columns.instant(rs.getBigDecimal(2))))
        .stream()
        .findFirst();
  }
}
