package dev.credentials.jdbc.internal;

import dev.credentials.StorageException;
import dev.credentials.StorageOutcomeUnknownException;
import dev.credentials.jdbc.Dialect;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Classifies {@link SQLException}s and turns them into {@link StorageException}s whose messages
 * name the operation, the SQLState and the vendor code but never a value: drivers put row values,
 * SQL text and sometimes connection URLs into their messages, so those messages are dropped. The
 * cause chain is replaced by {@link RedactedSqlException}s that keep the stack traces.
 */
final class SqlErrors {

  private SqlErrors() {}

  static boolean isUniqueViolation(SQLException e) {
    String state = state(e);
    return "23505".equals(state) || (state.equals("23000") && e.getErrorCode() == 1062);
  }

  static boolean isForeignKeyViolation(SQLException e) {
    String state = state(e);
    return "23503".equals(state)
        || "23506".equals(state)
        || (state.equals("23000") && (e.getErrorCode() == 1452 || e.getErrorCode() == 1451));
  }

  /** Whether re-running the whole unit of work may succeed. */
  static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = state(s);
        int code = s.getErrorCode();
        if (state.equals("40001") // serialization failure; H2 deadlock; MariaDB deadlock
            || state.equals("40P01") // PostgreSQL deadlock
            || state.equals("55P03") // PostgreSQL lock not available
            || code == 1213 // MariaDB deadlock
            || code == 1205 // MariaDB lock wait timeout
            || (state.equals("HYT00") && code == 50200)) { // H2 lock timeout
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a constraint named in the driver's message is the one given (case-insensitively). */
  static boolean names(SQLException e, String constraint) {
    String m = e.getMessage();
    return m != null && m.toLowerCase(Locale.ROOT).contains(constraint);
  }

  /**
   * Translates a failure.
   *
   * @param operation what the repository was doing, e.g. {@code "insert credential"}
   * @param e the failure
   * @param dialect the dialect
   * @return the exception to throw
   */
  static StorageException translate(String operation, SQLException e, Dialect dialect) {
    String where =
        operation
            + " failed on "
            + dialect
            + " (SQLState "
            + state(e)
            + ", vendor code "
            + e.getErrorCode()
            + ")";
    RedactedSqlException cause = RedactedSqlException.of(e);
    if (isTransient(e)) {
      return new TransientStorageException(
          where
              + ": the database gave up on the transaction because of a conflict with a"
              + " concurrent one; nothing was written, retry the operation",
          cause);
    }
    String state = state(e);
    String hint;
    if (state.startsWith("08")) {
      hint = "the connection to the database failed; nothing was committed, check the database";
    } else if (state.startsWith("22")) {
      hint = "a value does not fit its column (too long or out of range); nothing was written";
    } else if (state.startsWith("23")) {
      hint = "a database constraint refused the change; nothing was written";
    } else if (state.startsWith("42")) {
      hint =
          "the schema does not match this library version; check that the migrations ran and"
              + " that no one changed the tables by hand";
    } else {
      hint = "nothing was written; check the database and its logs";
    }
    return new StorageException(where + ": " + hint, cause);
  }

  /**
   * Translates a failed commit. The database answered only when it refused the transaction (a
   * conflict, a deferred constraint): then nothing was written. Any other failure, a lost
   * connection above all, leaves the outcome unknown, for the commit may have been done before the
   * answer was lost.
   *
   * @param e the failure of {@link java.sql.Connection#commit()}
   * @param dialect the dialect
   * @return the exception to throw
   */
  static StorageException translateCommit(SQLException e, Dialect dialect) {
    String state = state(e);
    if (isTransient(e) || state.startsWith("23") || state.startsWith("40")) {
      return translate("commit", e, dialect);
    }
    return new StorageOutcomeUnknownException(
        "commit failed on "
            + dialect
            + " (SQLState "
            + state
            + ", vendor code "
            + e.getErrorCode()
            + ") without an answer from the database: the changes and their audit events may"
            + " have been written, or not at all (never in part). Read the state before repeating"
            + " the operation, and repeat only what is missing",
        RedactedSqlException.of(e));
  }

  private static String state(SQLException e) {
    return e.getSQLState() == null ? "" : e.getSQLState();
  }

  /**
   * Stand-in for a driver exception: same class name, SQLState, vendor code and stack trace, no
   * message (which may hold values).
   */
  static final class RedactedSqlException extends SQLException {
    private static final long serialVersionUID = 1L;

    private RedactedSqlException(String message, String state, int code) {
      super(message, state, code);
    }

    static RedactedSqlException of(SQLException e) {
      return of(e, 0);
    }

    private static RedactedSqlException of(SQLException e, int depth) {
      RedactedSqlException r =
          new RedactedSqlException(
              e.getClass().getName()
                  + " (SQLState "
                  + e.getSQLState()
                  + ", vendor code "
                  + e.getErrorCode()
                  + "; driver message withheld: it may contain values)",
              e.getSQLState(),
              e.getErrorCode());
      r.setStackTrace(e.getStackTrace());
      Throwable next = e.getCause() != null ? e.getCause() : e.getNextException();
      if (depth >= 8 || next == null || next == e) {
        return r;
      }
      if (next instanceof SQLException s) {
        r.initCause(of(s, depth + 1));
      } else {
        r.initCause(new RedactedThrowable(next));
      }
      return r;
    }
  }

  /** Stand-in for a non-SQL cause: its class name and stack trace only. */
  static final class RedactedThrowable extends Exception {
    private static final long serialVersionUID = 1L;

    RedactedThrowable(Throwable t) {
      super(t.getClass().getName() + " (message withheld: it may contain values)");
      setStackTrace(t.getStackTrace());
    }
  }
}
