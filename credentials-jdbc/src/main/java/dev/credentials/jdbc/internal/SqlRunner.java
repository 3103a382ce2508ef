package dev.credentials.jdbc.internal;

import dev.credentials.CredentialId;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.jdbc.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The small SQL runner the aggregate parts of a {@link JdbcUnitOfWork} share: it prepares
 * statements on the unit of work's connection with bound parameters (no value is ever part of SQL
 * text), reads pages, and runs statements that may fail on a constraint.
 */
final class SqlRunner {

  /** The largest IN list of one statement; longer id lists take one statement per chunk. */
  static final int IN_LIMIT = 1000;

  final Connection connection;
  final DialectSql sql;

  SqlRunner(Connection connection, DialectSql sql) {
    this.connection = connection;
    this.sql = sql;
  }

  /** Reads one row into a value. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** A statement or a few, run by {@link #guarded}. */
  @FunctionalInterface
  interface SqlAction {
    void run() throws SQLException;
  }

  /** Maps a constraint failure of {@link #guarded} to the exception callers expect. */
  @FunctionalInterface
  interface ErrorMapper {
    /** The exception to throw for a failure, or null to translate it as a storage failure. */
    RuntimeException map(SQLException e);
  }

  /** Translates a driver failure of {@code operation} into a storage exception. */
  RuntimeException translate(String operation, SQLException e) {
    return SqlErrors.translate(operation, e, sql.dialect);
  }

  /**
   * Prepares a statement with its parameters bound, in order: strings, booleans, ints, longs and
   * decimals.
   */
  PreparedStatement prepare(String statement, List<?> params) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(statement);
    try {
      int i = 1;
      for (Object p : params) {
        if (p instanceof String s) {
          ps.setString(i++, s);
        } else if (p instanceof Boolean b) {
          ps.setBoolean(i++, b);
        } else if (p instanceof Integer n) {
          ps.setInt(i++, n);
        } else if (p instanceof Long n) {
          ps.setLong(i++, n);
        } else if (p instanceof BigDecimal d) {
          ps.setBigDecimal(i++, d);
        } else {
          throw new IllegalArgumentException("unsupported parameter type " + p.getClass());
        }
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /** Every row of a query, read by {@code reader}. */
  <T> List<T> query(String statement, List<?> params, RowReader<T> reader) throws SQLException {
    try (PreparedStatement ps = prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(reader.read(rs));
      }
      return out;
    }
  }

  /** Runs an update with bound parameters; returns the affected row count. */
  int update(String statement, List<?> params) throws SQLException {
    try (PreparedStatement ps = prepare(statement, params)) {
      return ps.executeUpdate();
    }
  }

  /**
   * Runs an insert-or-update of one row. H2's {@code MERGE} is not atomic against a concurrent
   * insert of the same key: the loser fails on the primary key once the winner commits, and runs
   * again, now updating the row (a failed statement does not abort an H2 transaction).
   */
  int upsert(String statement, List<?> params) throws SQLException {
    try {
      return update(statement, params);
    } catch (SQLException e) {
      if (sql.dialect != Dialect.H2 || !SqlErrors.isUniqueViolation(e)) {
        throw e;
      }
      return update(statement, params);
    }
  }

  long count(String operation, String statement, List<?> params) {
    try (PreparedStatement ps = prepare(statement, params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw translate(operation, e);
    }
  }

  /**
   * One page and the total count of matches, in one statement ({@code COUNT(*) OVER ()}) and so
   * from one snapshot. Only a page past the end needs a second statement for the total.
   */
  <T> Page<T> page(
      String columns,
      String fromWhere,
      String orderBy,
      List<Object> params,
      PageRequest page,
      RowReader<T> reader)
      throws SQLException {
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(page.size());
    pageParams.add(page.offset());
    List<T> items = new ArrayList<>();
    long total = -1;
    try (PreparedStatement ps =
            prepare(
                "SELECT "
                    + columns
                    + ", COUNT(*) OVER () AS total_matches FROM "
                    + fromWhere
                    + orderBy
                    + " LIMIT ? OFFSET ?",
                pageParams);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        items.add(reader.read(rs));
        total = rs.getLong("total_matches");
      }
    }
    if (total < 0) {
      total = page.offset() == 0 ? 0 : count("count", "SELECT COUNT(*) FROM " + fromWhere, params);
    }
    return new Page<>(items, page, total);
  }

  /**
   * Runs a statement that may fail on a constraint. On PostgreSQL, where a failed statement aborts
   * the transaction, it runs under a savepoint so that a caller who catches the resulting exception
   * can go on, as with the other databases and the in-memory repository.
   */
  void guarded(String operation, SqlAction action, ErrorMapper mapper) throws SQLException {
    Savepoint savepoint = sql.failedStatementAbortsTransaction ? connection.setSavepoint() : null;
    try {
      action.run();
    } catch (SQLException e) {
      RuntimeException mapped = mapper.map(e);
      if (savepoint != null && mapped != null) {
        connection.rollback(savepoint);
        savepoint = null;
      }
      if (mapped != null) {
        throw mapped;
      }
      throw translate(operation, e);
    } finally {
      if (savepoint != null) {
        try {
          connection.releaseSavepoint(savepoint);
        } catch (SQLException ignored) {
          // The transaction failed anyway; the original exception is on its way.
        }
      }
    }
  }

  /**
   * Runs an insert-if-missing statement. Where the dialect reports a concurrent insert of the same
   * key as a unique violation without aborting the transaction, that violation means "present".
   */
  void insertIfMissing(String statement, String... params) throws SQLException {
    try (PreparedStatement ps = prepare(statement, List.of((Object[]) params))) {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!(SqlErrors.isUniqueViolation(e) && !sql.failedStatementAbortsTransaction)) {
        throw e;
      }
    }
  }

  static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.DECIMAL);
    } else {
      ps.setBigDecimal(index, Columns.instant(instant));
    }
  }

  static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** The distinct ids, as strings, in chunks small enough for one {@code IN} list each. */
  static List<List<String>> idChunks(Collection<CredentialId> ids) {
    List<String> distinct = new ArrayList<>();
    for (CredentialId id : new LinkedHashSet<>(ids)) {
      distinct.add(id.value());
    }
    return chunks(distinct);
  }

  /** The parameters of {@code tenant = ? AND id IN (…)}: the tenant, then the ids (modifiable). */
  static List<Object> tenantThen(TenantId tenant, List<String> ids) {
    List<Object> params = new ArrayList<>(ids.size() + 2);
    params.add(tenant.value());
    params.addAll(ids);
    return params;
  }

  static List<List<String>> chunks(List<String> values) {
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < values.size(); from += IN_LIMIT) {
      out.add(values.subList(from, Math.min(values.size(), from + IN_LIMIT)));
    }
    return out;
  }
}
