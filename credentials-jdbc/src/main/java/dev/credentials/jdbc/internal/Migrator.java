package dev.credentials.jdbc.internal;

import dev.credentials.StorageException;
import dev.credentials.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema to the version this library needs. Our own, not Flyway or Liquibase:
 * one dependency less for every host application, three dialects and a handful of DDL files.
 *
 * <p>Versions are recorded in {@code credentials_schema_version} (version, description, SHA-256 of
 * the script, when applied). Scripts live in {@code migration/<dialect>/V<n>.sql} next to this
 * class and only ever add, or change how a column stores what it holds (V3 on H2): no migration
 * drops or rewrites data. Where DDL is transactional (PostgreSQL) each migration runs in one
 * transaction together with its version row; elsewhere (H2, MariaDB/MySQL commit DDL implicitly)
 * every statement is idempotent, so a migration that stopped half way is completed by the next
 * start. Concurrent starts are serialised: an advisory lock on PostgreSQL, {@code GET_LOCK} on
 * MariaDB/MySQL, a JVM lock for embedded H2.
 */
final class Migrator {

  /** A migration: its version and what it does. */
  record Migration(int version, String description) {}

  /** Every migration, in order. Add new ones at the end; never change a released one. */
  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(1, "credentials, consumers, bindings, audit chain, prototype documents"),
          new Migration(2, "check log"),
          new Migration(3, "sealed values in the row (H2)"),
          new Migration(4, "credential versions, expiry reminders"),
          new Migration(5, "change feed sequence (MariaDB/MySQL, H2)"),
          new Migration(6, "sourced credentials, tenant-wide default credentials"),
          new Migration(7, "leases and launch deferrals shared by engines"));

  static final String VERSION_TABLE = "credentials_schema_version";

  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
  private static final ReentrantLock H2_LOCK = new ReentrantLock();

  private final Dialect dialect;
  private final String productName;

  Migrator(Dialect dialect, String productName) {
    this.dialect = dialect;
    this.productName = productName == null ? "" : productName;
  }

  /** The newest version this library knows. */
  static int latestVersion() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }

  /**
   * Migrates to the newest version.
   *
   * @param c a connection; its auto-commit mode is restored afterwards
   * @return the schema version now in force
   */
  int migrate(Connection c) throws SQLException {
    return migrate(c, latestVersion());
  }

  /**
   * Migrates up to a version (tests create old schemas with it).
   *
   * @param c a connection
   * @param target the version to reach
   * @return the schema version now in force
   */
  int migrate(Connection c, int target) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(true);
    try {
      createVersionTable(c);
      lock(c);
      try {
        return migrateLocked(c, target);
      } finally {
        unlock(c);
      }
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private int migrateLocked(Connection c, int target) throws SQLException {
    TreeMap<Integer, String> applied = applied(c);
    int current = applied.isEmpty() ? 0 : applied.lastKey();
    if (current > latestVersion()) {
      throw new StorageException(
          "the database schema is at version "
              + current
              + " but this library knows versions up to "
              + latestVersion()
              + "; a newer Credentials release migrated it: upgrade this application's library");
    }
    for (Migration m : MIGRATIONS) {
      String script = script(m.version());
      String checksum = sha256(script);
      String recorded = applied.get(m.version());
      if (recorded != null) {
        if (!recorded.equals(checksum)) {
          LOG.warn(
              "Credentials schema migration V{} on {} differs from the script that was applied"
                  + " (checksum {} recorded, {} now); the schema may not match this release",
              m.version(),
              dialect,
              recorded,
              checksum);
        }
        continue;
      }
      if (m.version() > target) {
        break;
      }
      apply(c, m, script, checksum);
      current = m.version();
    }
    return current;
  }

  private void apply(Connection c, Migration m, String script, String checksum)
      throws SQLException {
    LOG.info(
        "Applying Credentials schema migration V{} ({}) on {}",
        m.version(),
        m.description(),
        dialect);
    List<String> statements = statements(script);
    boolean transactional = DialectSql.of(dialect).transactionalDdl;
    if (transactional) {
      c.setAutoCommit(false);
    }
    try (Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + VERSION_TABLE
                  + " (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
        ps.setInt(1, m.version());
        ps.setString(2, m.description());
        ps.setString(3, checksum);
        ps.setString(4, Instant.now().toString());
        ps.executeUpdate();
      }
      if (transactional) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      if (transactional) {
        c.rollback();
      }
      throw e;
    } finally {
      if (transactional) {
        c.setAutoCommit(true);
      }
    }
  }

  private void createVersionTable(Connection c) throws SQLException {
    String suffix =
        dialect == Dialect.MARIADB
            ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + binaryCollation()
            : "";
    String ddl =
        "CREATE TABLE IF NOT EXISTS "
            + VERSION_TABLE
            + " (version INT NOT NULL, description VARCHAR(200) NOT NULL,"
            + " checksum VARCHAR(64) NOT NULL, applied_at VARCHAR(40) NOT NULL,"
            + " CONSTRAINT pk_"
            + VERSION_TABLE
            + " PRIMARY KEY (version))"
            + suffix;
    try (Statement s = c.createStatement()) {
      s.execute(ddl);
    } catch (SQLException e) {
      // Two processes creating the table at once: PostgreSQL may report a unique violation on
      // its catalog for the loser. The table exists then; anything else is a real failure.
      if (!SqlErrors.isUniqueViolation(e)) {
        throw e;
      }
    }
  }

  private TreeMap<Integer, String> applied(Connection c) throws SQLException {
    TreeMap<Integer, String> out = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + VERSION_TABLE)) {
      while (rs.next()) {
        out.put(rs.getInt(1), rs.getString(2));
      }
    }
    return out;
  }

  /**
   * The schema version recorded in a database.
   *
   * @param c a connection
   * @return the highest applied version, 0 for none
   */
  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private long lockKey(Connection c) throws SQLException {
    String schema = c.getSchema() == null ? "" : c.getSchema();
    return ("credentials-migrate:" + schema).hashCode();
  }

  private void lock(Connection c) throws SQLException {
    switch (dialect) {
      case H2 -> H2_LOCK.lock();
      case POSTGRESQL -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
          ps.setLong(1, lockKey(c));
          ps.executeQuery().close();
        }
      }
      case MARIADB -> {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT GET_LOCK(CONCAT('credentials_migrate_', DATABASE()), 60)")) {
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getInt(1) != 1) {
              throw new StorageException(
                  "another process has been migrating the Credentials schema for 60 seconds;"
                      + " wait for it to finish, then start again");
            }
          }
        }
      }
    }
  }

  private void unlock(Connection c) throws SQLException {
    switch (dialect) {
      case H2 -> H2_LOCK.unlock();
      case POSTGRESQL -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          ps.setLong(1, lockKey(c));
          ps.executeQuery().close();
        }
      }
      case MARIADB -> {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT RELEASE_LOCK(CONCAT('credentials_migrate_', DATABASE()))")) {
          ps.executeQuery().close();
        }
      }
    }
  }

  /** MariaDB and MySQL name their binary, no-pad collations differently. */
  private String binaryCollation() {
    return productName.toLowerCase(Locale.ROOT).contains("mysql")
            && !productName.toLowerCase(Locale.ROOT).contains("mariadb")
        ? "utf8mb4_0900_bin"
        : "utf8mb4_nopad_bin";
  }

  String script(int version) {
    String path = "migration/" + dialect.name().toLowerCase(Locale.ROOT) + "/V" + version + ".sql";
    try (InputStream in = Migrator.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing migration script " + path);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replace("${collation}", binaryCollation());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration script " + path, e);
    }
  }

  /** Splits a script at semicolons that end a line; drops comment lines. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
