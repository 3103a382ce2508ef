package dev.credentials.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Hands out fresh, isolated databases for tests: an in-memory H2 database, a new schema on
 * PostgreSQL (at {@value #POSTGRES_ENV}, else an embedded PostgreSQL started once per JVM), or a
 * new database on MariaDB (at {@value #MARIADB_ENV}; when unset, MariaDB tests are skipped with a
 * loud warning, never silently). Schemas and databases are dropped when the JVM exits.
 *
 * <p>A compatibility-kit subclass needs one line: {@code return
 * TestDatabases.freshRepository(Kind.POSTGRESQL);}.
 */
public final class TestDatabases {

  /** The databases the tests run on. */
  public enum Kind {
    H2,
    POSTGRESQL,
    MARIADB
  }

  /**
   * PostgreSQL URL to test against, e.g. {@code
   * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
   */
  public static final String POSTGRES_ENV = "CREDENTIALS_TEST_POSTGRES_URL";

  /** MariaDB URL to test against, e.g. {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}. */
  public static final String MARIADB_ENV = "CREDENTIALS_TEST_MARIADB_URL";

  private static final Pattern MARIADB_URL =
      Pattern.compile("^(jdbc:(?:mariadb|mysql)://[^/?]+/)([^?;]*)(.*)$");
  private static final List<String> CLEANUPS = new ArrayList<>();
  private static EmbeddedPostgres embedded;
  private static String postgresUrl;
  private static boolean mariaDbWarned;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::cleanUp, "test-db-cleanup"));
  }

  private TestDatabases() {}

  /**
   * Skips the calling test, loudly, when a database is not configured. Only MariaDB can be missing:
   * H2 is embedded and PostgreSQL falls back to an embedded server.
   *
   * @param kind the database
   */
  public static void assumeAvailable(Kind kind) {
    if (kind == Kind.MARIADB && blank(System.getenv(MARIADB_ENV))) {
      String message =
          "MariaDB tests are SKIPPED: set "
              + MARIADB_ENV
              + " (e.g. jdbc:mariadb://127.0.0.1:3306/test?user=root) to run them";
      synchronized (TestDatabases.class) {
        if (!mariaDbWarned) {
          mariaDbWarned = true;
          System.err.println();
          System.err.println(
              "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
          System.err.println("!!! WARNING: " + message);
          System.err.println(
              "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
          System.err.println();
        }
      }
      Assumptions.assumeTrue(false, message);
    }
  }

  /**
   * A JDBC URL of a new, empty, isolated database or schema.
   *
   * @param kind the database
   * @return the URL
   */
  public static String freshUrl(Kind kind) {
    assumeAvailable(kind);
    String name = "cred_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    switch (kind) {
      case H2:
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
      case POSTGRESQL:
        {
          String base = postgresUrl();
          execute(base, "CREATE SCHEMA " + name);
          register(base, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
          return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }
      case MARIADB:
        {
          String base = System.getenv(MARIADB_ENV).trim();
          Matcher m = MARIADB_URL.matcher(base);
          if (!m.matches()) {
            throw new IllegalStateException(
                MARIADB_ENV + " must look like jdbc:mariadb://host:port/database?user=...");
          }
          execute(base, "CREATE DATABASE " + name);
          register(base, "DROP DATABASE IF EXISTS " + name);
          return m.group(1) + name + m.group(3);
        }
      default:
        throw new IllegalArgumentException(kind.name());
    }
  }

  /**
   * A repository on a new, empty, isolated database.
   *
   * @param kind the database
   * @return the repository; close it after the test
   */
  public static JdbcCredentialRepository freshRepository(Kind kind) {
    if (kind == Kind.H2) {
      return JdbcCredentialRepository.h2InMemory(
          "cred_" + UUID.randomUUID().toString().replace("-", ""));
    }
    return JdbcCredentialRepository.builder().url(freshUrl(kind)).maximumPoolSize(4).build();
  }

  /**
   * The PostgreSQL server's URL: {@value #POSTGRES_ENV}, or an embedded server started once.
   *
   * @return the URL
   */
  public static synchronized String postgresUrl() {
    if (postgresUrl == null) {
      String configured = System.getenv(POSTGRES_ENV);
      if (!blank(configured)) {
        postgresUrl = configured.trim();
      } else {
        System.err.println(
            "NOTE: " + POSTGRES_ENV + " is not set; starting an embedded PostgreSQL for the tests");
        try {
          embedded = EmbeddedPostgres.start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
        postgresUrl = embedded.getJdbcUrl("postgres", "postgres");
      }
    }
    return postgresUrl;
  }

  /**
   * Whether tests run against the embedded PostgreSQL.
   *
   * @return true if embedded
   */
  public static synchronized boolean postgresIsEmbedded() {
    postgresUrl();
    return embedded != null;
  }

  /**
   * Opens a plain connection, for test set-up and inspection.
   *
   * @param url the URL
   * @return the connection
   */
  public static Connection connect(String url) {
    try {
      return DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to the test database: " + e.getSQLState(), e);
    }
  }

  /**
   * Runs SQL on a URL.
   *
   * @param url the URL
   * @param statements the statements
   */
  public static void execute(String url, String... statements) {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test database set-up failed: " + e.getMessage(), e);
    }
  }

  private static synchronized void register(String url, String statement) {
    CLEANUPS.add(url + "\n" + statement);
  }

  private static synchronized void cleanUp() {
    for (String entry : CLEANUPS) {
      String[] parts = entry.split("\n", 2);
      try {
        execute(parts[0], parts[1]);
      } catch (RuntimeException e) {
        // Best effort: a leftover schema has a random name and harms nobody.
      }
    }
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        // The JVM is exiting.
      }
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static String lower(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
