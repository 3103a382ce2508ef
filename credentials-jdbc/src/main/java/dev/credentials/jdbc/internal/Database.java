package dev.credentials.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.credentials.Secret;
import dev.credentials.StorageException;
import dev.credentials.jdbc.Dialect;
import dev.credentials.spi.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine room of {@code JdbcCredentialRepository}: connections, the schema, transactions and
 * retries. Public only so that the front door in the parent package can reach it.
 *
 * <p><b>Retry contract.</b> A unit of work that fails because the database resolved a conflict with
 * a concurrent transaction (serialization failure, deadlock, lock wait timeout) is rolled back and
 * run again, at most {@code retries} times, after a short jittered pause. This is safe because a
 * unit of work is a pure function of the {@link UnitOfWork} it is given: everything it reads and
 * writes goes through that object, and its effects outside the database (audit sinks, listeners)
 * happen after it returns. Connection failures are never retried: the commit may have happened.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final Dialect dialect;
  private final DialectSql sql;
  private final String description;
  private final int retries;
  private final boolean shutdownH2OnClose;
  private final int schemaVersion;
  private final String channel;

  /** Statements kept per physical connection: on the repository's own H2 pool only, else null. */
  private final HeldStatements held;

  private volatile boolean closed;

  private Database(
      DataSource dataSource,
      HikariDataSource ownedPool,
      Dialect dialect,
      String description,
      int retries,
      boolean shutdownH2OnClose,
      int schemaVersion,
      String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.ownedPool = ownedPool;
    this.dialect = dialect;
    this.sql = DialectSql.of(dialect);
    this.description = description;
    this.retries = retries;
    this.shutdownH2OnClose = shutdownH2OnClose;
    this.schemaVersion = schemaVersion;
    this.held = ownedPool != null && dialect == Dialect.H2 ? new HeldStatements() : null;
  }

  /**
   * Builds a HikariCP pool on a URL, migrates the schema and opens the database.
   *
   * @param url the JDBC URL
   * @param user the user, or null
   * @param password the password, or null
   * @param dialect the dialect, or empty to detect it from the URL
   * @param maximumPoolSize the pool size
   * @param retries how often to re-run a unit of work that lost a conflict
   * @param shutdownH2OnClose whether closing drops an in-memory H2 database
   * @return the database
   */
  public static Database open(
      String url,
      String user,
      Secret password,
      Optional<Dialect> dialect,
      int maximumPoolSize,
      int retries,
      boolean shutdownH2OnClose) {
    String masked = JdbcUrls.mask(url);
    Dialect d =
        dialect
            .or(() -> JdbcUrls.dialectOf(url))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot tell the database from the URL "
                            + masked
                            + "; use jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:, or"
                            + " set the dialect"));
    HikariConfig config = new HikariConfig();
    // A password written in a PostgreSQL URL goes to the driver as a property instead: the driver
    // logs its URL at debug level. A password given with password(Secret) wins.
    JdbcUrls.WithoutPassword split = JdbcUrls.withoutPassword(url);
    config.setJdbcUrl(split.url());
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      // The one place the password leaves its wrapper: the driver needs it.
      config.setPassword(password.reveal());
    } else {
      split.password().ifPresent(config::setPassword);
    }
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(Math.min(2, maximumPoolSize));
    // Connections idle in the mode most units of work want, so that switching costs nothing:
    // auto-commit on H2 and PostgreSQL, where reads run in it; MariaDB keeps every unit of work
    // in a transaction (see runOnce).
    config.setAutoCommit(d != Dialect.MARIADB);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setPoolName("credentials-" + d.name().toLowerCase(java.util.Locale.ROOT));
    config.setInitializationFailTimeout(1);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StorageException(
          "cannot connect to "
              + masked
              + " ("
              + e.getClass().getSimpleName()
              + "); check the URL, the user and the password, that the database is up, and that"
              + " its JDBC driver (org.postgresql:postgresql, org.mariadb.jdbc:mariadb-java-client)"
              + " is on the class path",
          redact(e));
    }
    try {
      return start(pool, pool, d, masked, retries, shutdownH2OnClose);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Opens the database behind a host application's data source, which stays the host's to close.
   *
   * @param dataSource the data source
   * @param dialect the dialect, or empty to detect it from the driver
   * @param retries how often to re-run a unit of work that lost a conflict
   * @return the database
   */
  public static Database open(DataSource dataSource, Optional<Dialect> dialect, int retries) {
    Objects.requireNonNull(dataSource, "dataSource");
    Dialect d;
    String described;
    try (Connection c = dataSource.getConnection()) {
      var meta = c.getMetaData();
      described = JdbcUrls.mask(meta.getURL());
      String product = meta.getDatabaseProductName();
      d =
          dialect
              .or(() -> JdbcUrls.dialectOfProduct(product))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unsupported database '"
                              + product
                              + "'; Credentials supports H2, PostgreSQL and MariaDB/MySQL"));
    } catch (SQLException e) {
      throw new StorageException(
          "cannot get a connection from the data source (SQLState "
              + e.getSQLState()
              + "); check the data source configuration and that the database is up",
          SqlErrors.RedactedSqlException.of(e));
    }
    return start(dataSource, null, d, described, retries, false);
  }

  private static Database start(
      DataSource ds,
      HikariDataSource pool,
      Dialect dialect,
      String described,
      int retries,
      boolean shutdownH2OnClose) {
    int version;
    String channel = "";
    try (Connection c = ds.getConnection()) {
      version = new Migrator(dialect, c.getMetaData().getDatabaseProductName()).migrate(c);
      if (dialect == Dialect.POSTGRESQL) {
        channel = ChangeAnnouncer.postgresChannel(c);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("schema migration of " + described, e, dialect);
    }
    LOG.info("Credentials repository on {} at {} (schema version {})", dialect, described, version);
    return new Database(ds, pool, dialect, described, retries, shutdownH2OnClose, version, channel);
  }

  /**
   * @return the statements kept per physical connection, or null where there are none (for tests)
   */
  HeldStatements heldStatements() {
    return held;
  }

  /**
   * @return the dialect
   */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * @return the schema version in force
   */
  public int schemaVersion() {
    return schemaVersion;
  }

  /**
   * A feed of the changes every engine on this database commits: PostgreSQL's {@code LISTEN}/{@code
   * NOTIFY}, elsewhere a poll of the change-sequence table.
   *
   * @param pollInterval how often the change-sequence table is read (not on PostgreSQL)
   * @return the feed
   */
  public dev.credentials.spi.ChangeFeed changeFeed(java.time.Duration pollInterval) {
    return dialect == Dialect.POSTGRESQL
        ? new PostgresChangeFeed(dataSource, channel)
        : new PolledChangeFeed(dataSource, pollInterval);
  }

  /**
   * @return the masked URL, for messages
   */
  public String description() {
    return description;
  }

  /**
   * Runs a unit of work in one transaction, retried on conflicts (see the class comment).
   *
   * @param work the work
   * @param readOnly whether the work only reads
   * @param <T> the result type
   * @return what the work returned
   */
  public <T> T run(Function<UnitOfWork, T> work, boolean readOnly) {
    Objects.requireNonNull(work, "work");
    for (int attempt = 0; ; attempt++) {
      if (closed) {
        throw new IllegalStateException("this repository is closed");
      }
      try {
        return runOnce(work, readOnly);
      } catch (TransientStorageException e) {
        if (attempt >= retries) {
          throw e;
        }
        long pause = ThreadLocalRandom.current().nextLong(5, 25) << attempt;
        LOG.debug(
            "Unit of work lost a conflict with a concurrent one ({}); retry {} of {} in {} ms",
            e.getMessage(),
            attempt + 1,
            retries,
            pause);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private <T> T runOnce(Function<UnitOfWork, T> work, boolean readOnly) {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw SqlErrors.translate("getting a connection to " + description, e, dialect);
    }
    // Reads on H2 and PostgreSQL run in auto-commit: each statement sees its own snapshot, as it
    // would in a READ COMMITTED transaction, and a lookup costs one round trip instead of three
    // (BEGIN, query, COMMIT). Switching auto-commit is local on their drivers. MariaDB's driver
    // sends a statement to switch it, so reads there stay in a transaction. Read-only units of work
    // are enforced by JdbcUnitOfWork, not by Connection.setReadOnly (which costs round trips).
    boolean autoCommit = readOnly && dialect != Dialect.MARIADB;
    boolean restoreAutoCommit = false;
    boolean committed = false;
    JdbcUnitOfWork uow = null;
    try {
      try {
        if (c.getAutoCommit() != autoCommit) {
          c.setAutoCommit(autoCommit);
          restoreAutoCommit = true;
        }
      } catch (SQLException e) {
        throw SqlErrors.translate("starting a transaction", e, dialect);
      }
      uow = new JdbcUnitOfWork(c, sql, !readOnly, held, channel);
      T result = work.apply(uow);
      if (autoCommit) {
        uow.finish();
      } else {
        try {
          uow.beforeCommit();
        } catch (SQLException e) {
          throw SqlErrors.translate("announcing the changes", e, dialect);
        }
        try {
          uow.commit();
        } catch (SQLException e) {
          throw SqlErrors.translateCommit(e, dialect);
        }
      }
      committed = true;
      return result;
    } finally {
      if (!committed && (uow != null || !autoCommit)) {
        {
          try {
            if (uow != null) {
              uow.rollback();
            } else {
              c.rollback();
            }
          } catch (SQLException e) {
            LOG.warn(
                "Rollback failed (SQLState {}, vendor code {}); the database discards the"
                    + " transaction when the connection closes",
                e.getSQLState(),
                e.getErrorCode());
          }
        }
      }
      try {
        if (restoreAutoCommit) {
          c.setAutoCommit(!autoCommit);
        }
      } catch (SQLException e) {
        LOG.debug("Cannot restore connection settings (SQLState {})", e.getSQLState());
      }
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("Cannot close a connection (SQLState {})", e.getSQLState());
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (shutdownH2OnClose && dialect == Dialect.H2) {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        LOG.debug("H2 shutdown failed (SQLState {})", e.getSQLState());
      }
    }
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  private static Throwable redact(Throwable t) {
    if (t instanceof SQLException s) {
      return SqlErrors.RedactedSqlException.of(s);
    }
    Throwable cause = t.getCause();
    if (cause instanceof SQLException s) {
      return SqlErrors.RedactedSqlException.of(s);
    }
    return new SqlErrors.RedactedThrowable(t);
  }
}
