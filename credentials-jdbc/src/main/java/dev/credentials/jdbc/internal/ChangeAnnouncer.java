package dev.credentials.jdbc.internal;

import dev.credentials.jdbc.Dialect;
import dev.credentials.spi.Change;
import dev.credentials.spi.ChangeLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A unit of work's announcements, sent in its transaction just before it commits: on PostgreSQL
 * with {@code pg_notify} (delivered to listeners on commit, dropped on rollback); elsewhere as rows
 * of {@code credentials_change} numbered from the one-row counter {@code credentials_change_seq}.
 * Taking the counter's row lock last, just before commit, makes the numbers contiguous and in
 * commit order, so a poller that sees a gap knows it missed something. Writers that announce queue
 * on that lock for the length of their commit.
 */
final class ChangeAnnouncer implements ChangeLog {

  /** The channel of a database whose current schema is {@code public}. */
  static final String DEFAULT_CHANNEL = "credentials_changes";

  /** PostgreSQL's payload limit is 8000 bytes; changes are joined into messages below it. */
  private static final int MAX_PAYLOAD = 7000;

  private final JdbcUnitOfWork uow;
  private final Dialect dialect;
  private final String channel;
  private final Set<Change> pending = new LinkedHashSet<>();

  ChangeAnnouncer(JdbcUnitOfWork uow, Dialect dialect, String channel) {
    this.uow = uow;
    this.dialect = dialect;
    this.channel = channel;
  }

  @Override
  public void announce(Change change) {
    Objects.requireNonNull(change, "change");
    uow.writingInBatch();
    pending.add(change);
  }

  /** Sends the announcements in the transaction of {@code c}; called just before commit. */
  void send(Connection c) throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    if (dialect == Dialect.POSTGRESQL) {
      notifyPostgres(c);
    } else {
      insertRows(c);
    }
    pending.clear();
  }

  private void notifyPostgres(Connection c) throws SQLException {
    List<String> messages = new ArrayList<>();
    StringBuilder message = new StringBuilder();
    for (Change change : pending) {
      String line = change.encode();
      if (message.length() > 0 && message.length() + 1 + line.length() > MAX_PAYLOAD) {
        messages.add(message.toString());
        message.setLength(0);
      }
      if (message.length() > 0) {
        message.append('\n');
      }
      message.append(line);
    }
    messages.add(message.toString());
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      for (String m : messages) {
        ps.setString(1, channel);
        ps.setString(2, m);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
    }
  }

  /**
   * The counter moves by the number of changes (taking its row lock), then each row is inserted
   * numbered from the counter's new value, read in the same statement: two statements for the usual
   * unit of work that announces one change.
   */
  private void insertRows(Connection c) throws SQLException {
    int n = pending.size();
    try (PreparedStatement up =
        c.prepareStatement("UPDATE credentials_change_seq SET seq = seq + ? WHERE id = 1")) {
      up.setInt(1, n);
      up.executeUpdate();
    }
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO credentials_change (seq, tenant_id, kind, subject)"
                + " SELECT seq - ?, ?, ?, ? FROM credentials_change_seq WHERE id = 1")) {
      int back = n - 1;
      for (Change change : pending) {
        ins.setInt(1, back--);
        ins.setString(2, change.tenant().map(t -> t.value()).orElse(null));
        ins.setString(3, change.kind().name());
        ins.setString(4, change.subject().orElse(null));
        // one execution per change: MariaDB's bulk protocol refuses INSERT ... SELECT (1295)
        ins.executeUpdate();
      }
    }
  }

  /**
   * The channel of the connection's current schema, so that engines on different schemas of one
   * database do not hear each other: {@value #DEFAULT_CHANNEL} for {@code public}, else the name
   * with the schema appended (hashed when the result would pass PostgreSQL's 63-byte limit).
   */
  static String postgresChannel(Connection c) throws SQLException {
    String schema;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_schema()")) {
      schema = rs.next() ? rs.getString(1) : null;
    }
    if (schema == null || schema.equals("public")) {
      return DEFAULT_CHANNEL;
    }
    String channel = DEFAULT_CHANNEL + "." + schema;
    if (channel.getBytes(StandardCharsets.UTF_8).length <= 63) {
      return channel;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8));
      return DEFAULT_CHANNEL + "." + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
