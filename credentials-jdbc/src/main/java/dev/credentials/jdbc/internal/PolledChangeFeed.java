package dev.credentials.jdbc.internal;

import dev.credentials.TenantId;
import dev.credentials.spi.Change;
import dev.credentials.spi.ChangeFeed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed on MariaDB/MySQL and H2: each subscription reads the rows of {@code credentials_change}
 * after the last number it saw, every poll interval, on a connection of the data source in
 * auto-commit. The numbers are contiguous and in commit order ({@link ChangeAnnouncer}), so a row
 * missing from the run — pruned while this engine was not reading — is a gap: the listener is told
 * it lost changes and resumes from the newest. A failed poll is a loss too; when polling works
 * again and the run continues without a gap, the missed rows are delivered and the feed resumes.
 *
 * <p>Rows older than the newest {@value #RETAINED} are deleted, by each subscriber about once every
 * {@value #PRUNE_EVERY} polls.
 */
final class PolledChangeFeed implements ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(PolledChangeFeed.class);

  /** How many of the newest changes are kept. */
  static final long RETAINED = 10_000;

  /** Polls between prunes. */
  static final int PRUNE_EVERY = 600;

  /** The most rows one query reads. */
  static final int BATCH = 1_000;

  private final DataSource dataSource;
  private final Duration interval;

  PolledChangeFeed(DataSource dataSource, Duration interval) {
    this.dataSource = dataSource;
    this.interval = interval;
  }

  @Override
  public Subscription subscribe(Listener listener) {
    Polling p = new Polling(listener);
    p.start();
    return p;
  }

  /** One interval, plus a generous 50 ms for the query. */
  @Override
  public long stalenessBoundMillis() {
    return interval.toMillis() + 50;
  }

  private final class Polling extends FeedThread {
    private long last = -1;
    private int polls;

    Polling(Listener listener) {
      super(listener, "credentials-change-poll");
    }

    @Override
    boolean connectOnce() {
      try (Connection c = dataSource.getConnection()) {
        last = counter(c);
        if (!c.getAutoCommit()) {
          c.commit();
        }
        markConnected();
        return true;
      } catch (SQLException | RuntimeException e) {
        LOG.debug("Cannot read the change sequence yet ({})", PostgresChangeFeed.describe(e));
        return false;
      }
    }

    @Override
    void loop() {
      long next = System.nanoTime() + interval.toNanos();
      while (running()) {
        if (connected()) {
          // at a fixed rate: the time a poll takes does not stretch the interval
          long wait = next - System.nanoTime();
          if (wait > 0) {
            pause(Math.max(1, wait / 1_000_000));
          }
          next = Math.max(next + interval.toNanos(), System.nanoTime());
        } else {
          backOff();
          next = System.nanoTime() + interval.toNanos();
        }
        if (!running()) {
          return;
        }
        if (last < 0) {
          if (connectOnce()) {
            resumed();
          }
          continue;
        }
        try {
          poll();
        } catch (SQLException | RuntimeException e) {
          if (!running()) {
            return;
          }
          markLost("polling the change sequence failed (" + PostgresChangeFeed.describe(e) + ")");
        }
      }
    }

    private void poll() throws SQLException {
      try (Connection c = dataSource.getConnection()) {
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
          c.setAutoCommit(true);
        }
        try {
          pollOn(c);
        } finally {
          if (!autoCommit) {
            c.setAutoCommit(false);
          }
        }
      }
    }

    private void pollOn(Connection c) throws SQLException {
      boolean wasConnected = connected();
      List<Change> changes = new ArrayList<>();
      boolean gap = false;
      long expected = last + 1;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT seq, tenant_id, kind, subject FROM credentials_change WHERE seq > ?"
                  + " ORDER BY seq")) {
        ps.setMaxRows(BATCH);
        int read;
        do {
          read = 0;
          ps.setLong(1, expected - 1);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              read++;
              long seq = rs.getLong(1);
              if (seq != expected) {
                gap = true;
              }
              expected = seq + 1;
              if (!gap) {
                changes.add(change(rs));
              }
            }
          }
        } while (read == BATCH);
      }
      if (!gap && changes.isEmpty() && !wasConnected && counter(c) > last) {
        gap = true; // rows pruned while this engine was not reading
        expected = counter(c) + 1;
      }
      last = expected - 1;
      if (gap) {
        if (wasConnected) {
          markLost("a gap in the change sequence");
        }
        resumed();
      } else {
        deliver(changes);
        if (!wasConnected) {
          resumed();
        }
      }
      if (++polls % PRUNE_EVERY == 0) {
        try (PreparedStatement del =
            c.prepareStatement("DELETE FROM credentials_change WHERE seq <= ?")) {
          del.setLong(1, last - RETAINED);
          del.executeUpdate();
        }
      }
    }

    private Change change(ResultSet rs) throws SQLException {
      String tenant = rs.getString(2);
      String subject = rs.getString(4);
      return new Change(
          Change.Kind.valueOf(rs.getString(3)),
          tenant == null ? Optional.empty() : Optional.of(new TenantId(tenant)),
          Optional.ofNullable(subject));
    }

    @Override
    void release() {}
  }

  static long counter(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT seq FROM credentials_change_seq WHERE id = 1")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
