package dev.credentials.jdbc.internal;

import static dev.credentials.jdbc.internal.SqlRunner.setInstant;

import dev.credentials.Binding;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.Requirement;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.spi.BindingRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The consumers and bindings of a {@link JdbcUnitOfWork}: tables {@code consumers}, {@code
 * consumer_requirements} and {@code bindings}.
 */
final class JdbcBindingRecords implements BindingRecords {

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;
  private final Connection connection;
  private final DialectSql sql;

  JdbcBindingRecords(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
    this.connection = run.connection;
    this.sql = run.sql;
  }

  @Override
  public void putConsumer(TenantId tenant, Consumer consumer) {
    uow.writing();
    try {
      run.insertIfMissing(sql.insertConsumerIfMissing, tenant.value(), consumer.id());
      try (PreparedStatement ps =
          connection.prepareStatement(
              "DELETE FROM consumer_requirements WHERE tenant = ? AND consumer_id = ?")) {
        ps.setString(1, tenant.value());
        ps.setString(2, consumer.id());
        ps.executeUpdate();
      }
      if (consumer.requirements().isEmpty()) {
        return;
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO consumer_requirements (tenant, consumer_id, ordinal, topic, description)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        int ordinal = 0;
        for (Requirement r : consumer.requirements()) {
          ps.setString(1, tenant.value());
          ps.setString(2, consumer.id());
          ps.setInt(3, ordinal++);
          ps.setString(4, r.topic().name());
          ps.setString(5, r.description());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("put consumer", e, sql.dialect);
    }
  }

  @Override
  public List<Consumer> consumers(TenantId tenant) {
    uow.reading();
    try (PreparedStatement ps =
        run.prepare(
            "SELECT c.id, r.topic, r.description FROM consumers c"
                + " LEFT JOIN consumer_requirements r"
                + " ON r.tenant = c.tenant AND r.consumer_id = c.id"
                + " WHERE c.tenant = ? ORDER BY c.id, r.ordinal",
            List.of(tenant.value()))) {
      try (ResultSet rs = ps.executeQuery()) {
        List<Consumer> out = new ArrayList<>();
        String id = null;
        List<Requirement> requirements = new ArrayList<>();
        while (rs.next()) {
          String next = rs.getString(1);
          if (id != null && !id.equals(next)) {
            out.add(new Consumer(id, requirements));
            requirements = new ArrayList<>();
          }
          id = next;
          String topic = rs.getString(2);
          if (topic != null) {
            requirements.add(new Requirement(Topic.of(topic), rs.getString(3)));
          }
        }
        if (id != null) {
          out.add(new Consumer(id, requirements));
        }
        return out;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("list consumers", e, sql.dialect);
    }
  }

  @Override
  public Optional<Consumer> consumer(TenantId tenant, String consumerId) {
    uow.reading();
    try (PreparedStatement ps =
        run.prepare(
            "SELECT c.id, r.topic, r.description FROM consumers c"
                + " LEFT JOIN consumer_requirements r"
                + " ON r.tenant = c.tenant AND r.consumer_id = c.id"
                + " WHERE c.tenant = ? AND c.id = ? ORDER BY r.ordinal",
            List.of(tenant.value(), consumerId))) {
      try (ResultSet rs = ps.executeQuery()) {
        String id = null;
        List<Requirement> requirements = new ArrayList<>();
        while (rs.next()) {
          id = rs.getString(1);
          String topic = rs.getString(2);
          if (topic != null) {
            requirements.add(new Requirement(Topic.of(topic), rs.getString(3)));
          }
        }
        return id == null ? Optional.empty() : Optional.of(new Consumer(id, requirements));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("read consumer", e, sql.dialect);
    }
  }

  @Override
  public void put(Binding binding) {
    uow.writing();
    try {
      try (PreparedStatement ps =
              run.prepare(
                  "SELECT 1 FROM credentials WHERE tenant = ? AND id = ?",
                  List.of(binding.tenant().value(), binding.credentialId().value()));
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new CredentialNotFoundException(
              "credential "
                  + binding.credentialId()
                  + " does not exist in tenant "
                  + binding.tenant()
                  + "; create it before binding it");
        }
      }
      try (PreparedStatement ps = connection.prepareStatement(sql.upsertBinding)) {
        ps.setString(1, binding.tenant().value());
        ps.setString(2, binding.consumerId());
        ps.setString(3, binding.topic().name());
        ps.setString(4, binding.credentialId().value());
        ps.setString(5, binding.variablePrefix().orElse(null));
        setInstant(ps, 6, binding.boundAt());
        ps.setString(7, binding.boundBy());
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      if (SqlErrors.isForeignKeyViolation(e)) {
        throw new CredentialNotFoundException(
            "credential "
                + binding.credentialId()
                + " was deleted while it was being bound; bind another credential");
      }
      throw SqlErrors.translate("put binding", e, sql.dialect);
    }
  }

  @Override
  public boolean delete(TenantId tenant, String consumerId, Topic topic) {
    uow.writing();
    try (PreparedStatement ps =
        run.prepare(
            "DELETE FROM bindings WHERE tenant = ? AND consumer_id = ? AND topic = ?",
            List.of(tenant.value(), consumerId, topic.name()))) {
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlErrors.translate("delete binding", e, sql.dialect);
    }
  }

  @Override
  public List<Binding> ofConsumer(TenantId tenant, String consumerId) {
    uow.reading();
    return bindingQuery(
        "SELECT tenant, consumer_id, topic, credential_id, variable_prefix, bound_at, bound_by"
            + " FROM bindings WHERE tenant = ? AND consumer_id = ? ORDER BY topic",
        List.of(tenant.value(), consumerId));
  }

  @Override
  public List<Binding> ofCredential(TenantId tenant, CredentialId credentialId) {
    uow.reading();
    return bindingQuery(
        "SELECT tenant, consumer_id, topic, credential_id, variable_prefix, bound_at, bound_by"
            + " FROM bindings WHERE tenant = ? AND credential_id = ? ORDER BY consumer_id, topic",
        List.of(tenant.value(), credentialId.value()));
  }

  private List<Binding> bindingQuery(String statement, List<?> params) {
    try (PreparedStatement ps = run.prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      List<Binding> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new Binding(
                TenantId.of(rs.getString(1)),
                rs.getString(2),
                Topic.of(rs.getString(3)),
                CredentialId.of(rs.getString(4)),
                Optional.ofNullable(rs.getString(5)),
                Columns.instant(rs.getBigDecimal(6)),
                rs.getString(7)));
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate("read bindings", e, sql.dialect);
    }
  }
}
