package dev.credentials.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept open on each physical connection of the repository's own H2 pool, for
 * the reads a resolve makes. On H2 the database runs in the caller's thread, so creating,
 * parameter-resetting and closing a statement object per read is a sizeable share of a read that
 * costs a couple of microseconds; H2's own query cache only saves the parsing. PostgreSQL's and
 * MariaDB's drivers keep their own per-connection statement caches and a read there waits for a
 * round trip, so they do not use this.
 *
 * <p>Only for a pool the repository built itself: it lends each physical connection to one thread
 * at a time, so a statement kept on it is never used by two threads at once. A host application's
 * data source gives no such promise (a single shared connection is a valid data source), and there
 * a statement per read is what keeps one caller's parameters from meeting another's.
 *
 * <p>Statements live as long as their connection: the pool closes a retired connection, and the
 * entries of closed connections are dropped whenever a connection is seen for the first time, which
 * is when the pool has replaced one.
 */
final class HeldStatements {

  /** Physical connection to its statements by SQL text; the inner map is its borrower's alone. */
  private final Map<Connection, Map<String, PreparedStatement>> byConnection =
      new ConcurrentHashMap<>();

  /**
   * The statement for {@code sql} on the physical connection behind {@code pooled}, prepared on
   * first use. The caller sets every parameter before each execution and must not close it.
   *
   * @param pooled the borrowed connection
   * @param sql the statement's text, one of a fixed few
   * @return the statement
   * @throws SQLException if preparing fails
   */
  PreparedStatement get(Connection pooled, String sql) throws SQLException {
    Connection physical = pooled.unwrap(Connection.class);
    Map<String, PreparedStatement> held = byConnection.get(physical);
    if (held == null) {
      dropClosed();
      held = new HashMap<>();
      byConnection.put(physical, held);
    }
    PreparedStatement ps = held.get(sql);
    if (ps == null) {
      ps = physical.prepareStatement(sql);
      held.put(sql, ps);
    }
    return ps;
  }

  /**
   * Forgets the statements of {@code pooled}'s physical connection, closing them: after a failure
   * on it, the next read prepares afresh.
   *
   * @param pooled the borrowed connection
   */
  void forget(Connection pooled) {
    Map<String, PreparedStatement> held;
    try {
      held = byConnection.remove(pooled.unwrap(Connection.class));
    } catch (SQLException e) {
      return;
    }
    if (held != null) {
      for (PreparedStatement ps : held.values()) {
        try {
          ps.close();
        } catch (SQLException e) {
          // the connection is likely gone; nothing is left to release
        }
      }
    }
  }

  /** How many physical connections have statements here (for tests). */
  int connections() {
    return byConnection.size();
  }

  private void dropClosed() {
    byConnection
        .keySet()
        .removeIf(
            c -> {
              try {
                return c.isClosed();
              } catch (SQLException e) {
                return true;
              }
            });
  }
}
