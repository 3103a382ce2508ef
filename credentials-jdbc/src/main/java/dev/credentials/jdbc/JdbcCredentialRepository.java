package dev.credentials.jdbc;

import dev.credentials.Secret;
import dev.credentials.jdbc.internal.Database;
import dev.credentials.spi.ChangeFeed;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The credential repository on JDBC: H2 (embedded default), PostgreSQL and MariaDB/MySQL.
 *
 * <p>On {@link Builder#build()} it connects, brings the schema to the version this library needs
 * (its own small migrator, see the module README) and is then ready for concurrent use. Each unit
 * of work is one database transaction (READ COMMITTED plus row locks): it commits when the work
 * returns and rolls back when it throws, and the exception propagates unchanged. Database failures
 * become {@link dev.credentials.StorageException}s whose messages never contain values or
 * passwords.
 *
 * <p>A unit of work that loses a conflict with a concurrent one (serialization failure, deadlock,
 * lock wait timeout) is rolled back and run again, a bounded number of times, after a short random
 * pause. So work passed to {@link #inTransaction(Function)} must be safe to re-run: a pure function
 * of the {@link UnitOfWork} it is given, with effects outside the database only after it returns.
 * The engine's units of work are.
 *
 * <pre>{@code
 * CredentialRepository repository =
 *     JdbcCredentialRepository.builder()
 *         .url("jdbc:postgresql://db.example.com:5432/app")
 *         .user("credentials")
 *         .password(Secret.of(System.getenv("DB_PASSWORD")))
 *         .maximumPoolSize(10)
 *         .build();
 * }</pre>
 */
public final class JdbcCredentialRepository implements CredentialRepository {

  private static final Pattern H2_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Re-runs of a unit of work that lost a conflict, unless the builder says otherwise. */
  public static final int DEFAULT_RETRIES = 3;

  /** Connections in a pool built from a URL, unless the builder says otherwise. */
  public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;

  /**
   * How often engines on MariaDB/MySQL and H2 poll for changes, unless the builder says otherwise.
   */
  public static final Duration DEFAULT_CHANGE_POLL_INTERVAL = Duration.ofSeconds(1);

  private final Database database;
  private final ChangeFeed feed;

  private JdbcCredentialRepository(Database database, Duration changePollInterval) {
    this.database = database;
    this.feed = database.changeFeed(changePollInterval);
  }

  /**
   * Starts configuring a repository.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings of the H2 databases this class opens: a lock wait of 10 s before a unit of work is
   * retried, and room for 128 parsed statements per connection. H2's default of 8 is fewer than the
   * repository's distinct statements, and a statement evicted from it is parsed again (measured: 7
   * against 1.3 µs per statement in a rotation of 13).
   */
  static final String H2_SETTINGS = ";LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128";

  /** H2's driver class; H2 is an optional dependency of this module. */
  static final String H2_DRIVER = "org.h2.Driver";

  /** Fails with a message naming the artifact to add when H2's driver cannot be loaded. */
  static void requireH2(String driverClass, String method) {
    ClassLoader own = JdbcCredentialRepository.class.getClassLoader();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (ClassLoader loader : new ClassLoader[] {own, context}) {
      try {
        Class.forName(driverClass, false, loader);
        return;
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next loader, then fail below
      }
    }
    throw new IllegalStateException(
        "JdbcCredentialRepository."
            + method
            + " needs the H2 database, which is an optional dependency of credentials-jdbc:"
            + " add com.h2database:h2 to the host's dependencies (runtime scope is enough),"
            + " or use a PostgreSQL or MariaDB repository through JdbcCredentialRepository.builder()");
  }

  /**
   * The embedded default: an H2 database in files under a directory, created when missing. One
   * process at a time may open it.
   *
   * @param directory the directory that holds the database files
   * @return the repository
   * @throws UncheckedIOException if the directory cannot be created
   * @throws IllegalStateException if H2 ({@code com.h2database:h2}) is not on the class path
   */
  public static JdbcCredentialRepository h2File(Path directory) {
    Objects.requireNonNull(directory, "directory");
    requireH2(H2_DRIVER, "h2File");
    Path dir = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database directory " + dir, e);
    }
    return builder().url("jdbc:h2:file:" + dir.resolve("credentials") + H2_SETTINGS).build();
  }

  /**
   * An H2 database in memory, for tests and demos. Repositories built with the same name in one
   * process share the database until one of them is closed; closing drops it.
   *
   * @param name 1 to 64 letters, digits, {@code _} or {@code -}
   * @return the repository
   * @throws IllegalArgumentException if the name is not valid
   * @throws IllegalStateException if H2 ({@code com.h2database:h2}) is not on the class path
   */
  public static JdbcCredentialRepository h2InMemory(String name) {
    Objects.requireNonNull(name, "name");
    requireH2(H2_DRIVER, "h2InMemory");
    if (!H2_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an in-memory database name must be 1 to 64 letters, digits, '_' or '-', got '"
              + name
              + "'");
    }
    Builder b = builder().url("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_SETTINGS);
    b.shutdownH2OnClose = true;
    return b.build();
  }

  /**
   * @return the dialect in use
   */
  public Dialect dialect() {
    return database.dialect();
  }

  /**
   * @return the schema version in force, after migration
   */
  public int schemaVersion() {
    return database.schemaVersion();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One JDBC transaction; retried on conflicts as described in the class comment.
   *
   * @throws IllegalStateException if the repository is closed
   */
  @Override
  public <T> T inTransaction(Function<UnitOfWork, T> work) {
    return database.run(work, false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs on a read-only connection; write methods throw {@link IllegalStateException}.
   *
   * @throws IllegalStateException if the repository is closed
   */
  @Override
  public <T> T read(Function<UnitOfWork, T> work) {
    return database.run(work, true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>On PostgreSQL each subscriber holds one connection of the pool (or data source) that {@code
   * LISTEN}s on a channel named after the schema; changes arrive within milliseconds of their
   * commit. On MariaDB/MySQL and H2 each subscriber polls the change-sequence table every {@link
   * Builder#changePollInterval(Duration)} (default 1 s) on a connection it borrows for the poll.
   * See {@code docs/multi-engine.md}.
   */
  @Override
  public Optional<ChangeFeed> changeFeed() {
    return Optional.of(feed);
  }

  /** Closes the pool if this repository built it; a data source given to the builder stays open. */
  @Override
  public void close() {
    database.close();
  }

  /** The dialect and the URL with its password masked. */
  @Override
  public String toString() {
    return "JdbcCredentialRepository[" + database.dialect() + ", " + database.description() + "]";
  }

  /**
   * Configures a {@link JdbcCredentialRepository}: either a {@link DataSource} or a JDBC URL (with
   * user and password) from which a HikariCP pool is built. Each setting may be given once; {@link
   * #build()} checks them together and reports every problem at once.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String user;
    private Secret password;
    private Dialect dialect;
    private Integer maximumPoolSize;
    private Integer retries;
    private Duration changePollInterval;
    private boolean shutdownH2OnClose;
    private boolean built;

    private Builder() {}

    private static void once(Object current, String what) {
      if (current != null) {
        throw new IllegalStateException(what + " is already set");
      }
    }

    /**
     * Uses a host application's data source (pooled or not). The repository does not close it.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      Objects.requireNonNull(dataSource, "dataSource");
      once(this.dataSource, "dataSource");
      this.dataSource = dataSource;
      return this;
    }

    /**
     * Connects to a JDBC URL through a HikariCP pool that the repository owns and closes. A
     * password in the URL works but is better given to {@link #password(Secret)}; either way it is
     * masked in every log line and message.
     *
     * @param url e.g. {@code jdbc:postgresql://host:5432/db}
     * @return this builder
     */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      once(this.url, "url");
      if (!url.startsWith("jdbc:")) {
        throw new IllegalArgumentException(
            "a JDBC URL starts with 'jdbc:', got '"
                + dev.credentials.jdbc.internal.JdbcUrls.mask(url)
                + "'");
      }
      this.url = url;
      return this;
    }

    /**
     * @param user the database user for {@link #url(String)}
     * @return this builder
     */
    public Builder user(String user) {
      Objects.requireNonNull(user, "user");
      once(this.user, "user");
      this.user = user;
      return this;
    }

    /**
     * @param password the database password for {@link #url(String)}
     * @return this builder
     */
    public Builder password(Secret password) {
      Objects.requireNonNull(password, "password");
      once(this.password, "password");
      this.password = password;
      return this;
    }

    /**
     * Sets the dialect instead of detecting it from the URL or the driver.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(Dialect dialect) {
      Objects.requireNonNull(dialect, "dialect");
      once(this.dialect, "dialect");
      this.dialect = dialect;
      return this;
    }

    /**
     * Sizes the pool built from {@link #url(String)}; default {@value
     * JdbcCredentialRepository#DEFAULT_MAXIMUM_POOL_SIZE}. A few connections serve many threads:
     * units of work are short. See the module README.
     *
     * @param size 1 to 1000
     * @return this builder
     */
    public Builder maximumPoolSize(int size) {
      once(this.maximumPoolSize, "maximumPoolSize");
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException("maximumPoolSize must be 1 to 1000, got " + size);
      }
      this.maximumPoolSize = size;
      return this;
    }

    /**
     * How often a unit of work that lost a conflict (serialization failure, deadlock, lock wait
     * timeout) is run again; default {@value JdbcCredentialRepository#DEFAULT_RETRIES}, 0 turns
     * retries off.
     *
     * @param retries 0 to 10
     * @return this builder
     */
    public Builder retries(int retries) {
      once(this.retries, "retries");
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("retries must be 0 to 10, got " + retries);
      }
      this.retries = retries;
      return this;
    }

    /**
     * How often engines on MariaDB/MySQL and H2 read the change-sequence table for changes made
     * through other engines (default {@link
     * JdbcCredentialRepository#DEFAULT_CHANGE_POLL_INTERVAL}); a change is seen within about this
     * long. PostgreSQL is notified instead and ignores it.
     *
     * @param interval 10 ms to 1 hour
     * @return this builder
     */
    public Builder changePollInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      once(this.changePollInterval, "changePollInterval");
      if (interval.compareTo(Duration.ofMillis(10)) < 0
          || interval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "changePollInterval must be 10 ms to 1 hour, got " + interval);
      }
      this.changePollInterval = interval;
      return this;
    }

    /**
     * Connects, migrates the schema and returns the repository.
     *
     * @return the repository
     * @throws IllegalStateException if the settings do not fit together (every problem is listed)
     *     or the builder was used already
     * @throws dev.credentials.StorageException if the database cannot be reached or migrated
     */
    public JdbcCredentialRepository build() {
      if (built) {
        throw new IllegalStateException("this builder has built a repository already");
      }
      List<String> problems = new ArrayList<>();
      if (dataSource == null && url == null) {
        problems.add("set either dataSource(...) or url(...)");
      }
      if (dataSource != null && url != null) {
        problems.add("set dataSource(...) or url(...), not both");
      }
      if (dataSource != null && (user != null || password != null)) {
        problems.add("user and password apply to url(...); configure them in your data source");
      }
      if (dataSource != null && maximumPoolSize != null) {
        problems.add("maximumPoolSize applies to url(...); size your data source's own pool");
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "invalid JDBC repository configuration: " + String.join("; ", problems));
      }
      built = true;
      int r = retries == null ? DEFAULT_RETRIES : retries;
      Database database =
          dataSource != null
              ? Database.open(dataSource, Optional.ofNullable(dialect), r)
              : Database.open(
                  url,
                  user,
                  password,
                  Optional.ofNullable(dialect),
                  maximumPoolSize == null ? DEFAULT_MAXIMUM_POOL_SIZE : maximumPoolSize,
                  r,
                  shutdownH2OnClose);
      return new JdbcCredentialRepository(
          database, changePollInterval == null ? DEFAULT_CHANGE_POLL_INTERVAL : changePollInterval);
    }
  }
}
