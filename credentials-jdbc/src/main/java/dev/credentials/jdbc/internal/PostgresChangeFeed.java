package dev.credentials.jdbc.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.credentials.spi.Change;
import dev.credentials.spi.ChangeFeed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's feed: each subscription holds one connection of the data source that {@code LISTEN}s
 * on the schema's channel and waits for notifications ({@code PGConnection.getNotifications} with a
 * timeout), checking the connection with {@code SELECT 1} when it has been quiet for two seconds.
 * Its {@code application_name} is {@code credentials-feed:} and the channel. When the connection
 * fails the listener is told at once ({@code lost}); the thread reconnects with backoff, listens
 * again and then reports {@code resumed}.
 */
final class PostgresChangeFeed implements ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeFeed.class);

  /** How long one wait for notifications lasts. */
  static final int WAIT_MILLIS = 250;

  /** A connection quiet for this long is checked with a query. */
  static final long PING_MILLIS = 2_000;

  private final DataSource dataSource;
  private final String channel;

  PostgresChangeFeed(DataSource dataSource, String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
  }

  @Override
  public Subscription subscribe(Listener listener) {
    Listening l = new Listening(listener);
    l.start();
    return l;
  }

  /** Notifications arrive within milliseconds of the commit on a healthy connection. */
  @Override
  public long stalenessBoundMillis() {
    return 50;
  }

  private final class Listening extends FeedThread {
    private Connection connection;
    private PGConnection pg;

    Listening(Listener listener) {
      super(listener, "credentials-change-feed");
    }

    @Override
    boolean connectOnce() {
      Connection c = null;
      try {
        c = dataSource.getConnection();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
        }
        c.setClientInfo("ApplicationName", applicationName(channel));
        if (!c.isWrapperFor(PGConnection.class)) {
          throw new SQLException(
              "the data source's connections do not unwrap to org.postgresql.PGConnection",
              "0A000");
        }
        pg = c.unwrap(PGConnection.class);
        connection = c;
        markConnected();
        return true;
      } catch (SQLException | RuntimeException e) {
        closeQuietly(c);
        LOG.debug("Cannot listen for changes yet ({})", describe(e));
        return false;
      }
    }

    @Override
    void loop() {
      long quietSince = System.nanoTime();
      while (running()) {
        if (connection == null) {
          backOff();
          if (!running()) {
            return;
          }
          if (connectOnce()) {
            resumed();
            quietSince = System.nanoTime();
          }
          continue;
        }
        try {
          PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
          if (received != null && received.length > 0) {
            deliver(decode(received));
            quietSince = System.nanoTime();
          } else if (System.nanoTime() - quietSince > PING_MILLIS * 1_000_000) {
            try (Statement s = connection.createStatement()) {
              s.execute("SELECT 1");
            }
            quietSince = System.nanoTime();
          }
        } catch (SQLException | RuntimeException e) {
          if (!running()) {
            return;
          }
          discard(connection);
          connection = null;
          markLost("the listening connection failed (" + describe(e) + ")");
        }
      }
    }

    private List<Change> decode(PGNotification[] received) {
      List<Change> changes = new ArrayList<>();
      for (PGNotification n : received) {
        if (!channel.equals(n.getName())) {
          continue;
        }
        for (String line : n.getParameter().split("\n")) {
          try {
            changes.add(Change.decode(line));
          } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring a notification on {} that is not a change", channel);
          }
        }
      }
      return changes;
    }

    @Override
    void release() {
      if (connection != null) {
        // the connection goes back to the pool: it must stop listening and look like the others
        try (Statement s = connection.createStatement()) {
          s.execute("UNLISTEN *");
          connection.setClientInfo("ApplicationName", "");
        } catch (SQLException | RuntimeException e) {
          LOG.debug("Cannot stop listening ({})", describe(e));
        }
      }
      closeQuietly(connection);
      connection = null;
    }
  }

  /**
   * The {@code application_name} of a listening connection, so that operators find it in {@code
   * pg_stat_activity}: {@code credentials-feed:} and the channel, cut to PostgreSQL's 63 bytes.
   */
  static String applicationName(String channel) {
    String name = "credentials-feed:" + channel;
    return name.length() <= 63 ? name : name.substring(0, 63);
  }

  /**
   * Gives a failed listening connection back so that its pool never hands it out again: evicted
   * from a HikariCP pool; for another data source, a statement through the pool's proxy first, so
   * that a pool which watches its connections' errors sees that it is broken.
   */
  private void discard(Connection c) {
    if (dataSource instanceof HikariDataSource pool) {
      pool.evictConnection(c);
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException | RuntimeException e) {
      LOG.debug("The failed listening connection is broken ({})", describe(e));
    }
    closeQuietly(c);
  }

  static String describe(Exception e) {
    return e instanceof SQLException s
        ? "SQLState " + s.getSQLState()
        : e.getClass().getSimpleName();
  }

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException | RuntimeException e) {
        LOG.debug("Cannot close the listening connection ({})", describe(e));
      }
    }
  }
}
