package dev.credentials.jdbc.internal;

import dev.credentials.spi.PrototypeDocumentRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The imported prototype documents of a {@link JdbcUnitOfWork}: table {@code prototype_documents}.
 */
final class JdbcPrototypeDocuments implements PrototypeDocumentRecords {

  private final JdbcUnitOfWork uow;
  private final SqlRunner run;
  private final Connection connection;
  private final DialectSql sql;

  JdbcPrototypeDocuments(JdbcUnitOfWork uow, SqlRunner run) {
    this.uow = uow;
    this.run = run;
    this.connection = run.connection;
    this.sql = run.sql;
  }

  @Override
  public void put(String code, String json) {
    uow.writing();
    Objects.requireNonNull(code);
    Objects.requireNonNull(json);
    try (PreparedStatement ps = run.prepare(sql.upsertPrototypeDocument, List.of(code, json))) {
      ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.translate("put prototype document", e, sql.dialect);
    }
  }

  @Override
  public Map<String, String> all() {
    uow.reading();
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement ps =
            connection.prepareStatement("SELECT code, document FROM prototype_documents");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
      return Map.copyOf(out);
    } catch (SQLException e) {
      throw SqlErrors.translate("read prototype documents", e, sql.dialect);
    }
  }
}
