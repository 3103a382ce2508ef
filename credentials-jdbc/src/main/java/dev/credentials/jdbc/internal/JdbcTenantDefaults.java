package dev.credentials.jdbc.internal;

import static dev.credentials.jdbc.internal.SqlRunner.setInstant;

import dev.credentials.CredentialId;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.TenantDefault;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.spi.TenantDefaultRecords;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant-wide default credentials of a {@link JdbcUnitOfWork}: table {@code tenant_defaults}.
 */
final class JdbcTenantDefaults implements TenantDefaultRecords {

  private static final String COLUMNS = "tenant, topic, credential_id, set_at, set_by";

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;

  JdbcTenantDefaults(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
  }

  @Override
  public void put(TenantDefault d) {
    uow.writing();
    try {
      try (PreparedStatement ps =
              run.prepare(
                  "SELECT 1 FROM credentials WHERE tenant = ? AND id = ?",
                  List.of(d.tenant().value(), d.credentialId().value()));
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new CredentialNotFoundException(
              "credential "
                  + d.credentialId()
                  + " does not exist in tenant "
                  + d.tenant()
                  + "; create it before naming it a default");
        }
      }
      // replace in one unit of work: the same statements on every dialect
      try (PreparedStatement ps =
          run.prepare(
              "DELETE FROM tenant_defaults WHERE tenant = ? AND topic = ?",
              List.of(d.tenant().value(), d.topic().name()))) {
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          run.connection.prepareStatement(
              "INSERT INTO tenant_defaults (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, d.tenant().value());
        ps.setString(2, d.topic().name());
        ps.setString(3, d.credentialId().value());
        setInstant(ps, 4, d.setAt());
        ps.setString(5, d.setBy());
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      if (SqlErrors.isForeignKeyViolation(e)) {
        throw new CredentialNotFoundException(
            "credential "
                + d.credentialId()
                + " was deleted while it was named a default; name another credential");
      }
      throw SqlErrors.translate("put tenant default", e, run.sql.dialect);
    }
  }

  @Override
  public boolean delete(TenantId tenant, Topic topic) {
    uow.writing();
    try (PreparedStatement ps =
        run.prepare(
            "DELETE FROM tenant_defaults WHERE tenant = ? AND topic = ?",
            List.of(tenant.value(), topic.name()))) {
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlErrors.translate("delete tenant default", e, run.sql.dialect);
    }
  }

  @Override
  public List<TenantDefault> all(TenantId tenant) {
    uow.reading();
    return query(
        "SELECT " + COLUMNS + " FROM tenant_defaults WHERE tenant = ? ORDER BY topic",
        List.of(tenant.value()));
  }

  @Override
  public List<TenantDefault> ofCredential(TenantId tenant, CredentialId credentialId) {
    uow.reading();
    return query(
        "SELECT "
            + COLUMNS
            + " FROM tenant_defaults WHERE tenant = ? AND credential_id = ? ORDER BY topic",
        List.of(tenant.value(), credentialId.value()));
  }

  private List<TenantDefault> query(String statement, List<?> params) {
    try (PreparedStatement ps = run.prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      List<TenantDefault> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new TenantDefault(
                TenantId.of(rs.getString(1)),
                Topic.of(rs.getString(2)),
                CredentialId.of(rs.getString(3)),
                Columns.instant(rs.getBigDecimal(4)),
                rs.getString(5)));
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate("read tenant defaults", e, run.sql.dialect);
    }
  }
}
