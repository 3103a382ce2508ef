package dev.credentials.benchmarks;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.JdbcCredentialRepository;
import dev.credentials.testkit.SamplePrototypes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Fresh databases and engines for the change-feed figures: a new schema on the PostgreSQL at {@code
 * CREDENTIALS_TEST_POSTGRES_URL}, a new database on the MariaDB at {@code
 * CREDENTIALS_TEST_MARIADB_URL}, or an in-memory H2; dropped by {@link Fresh#close()}.
 */
final class FeedDatabases {

  static final TenantId TENANT = TenantId.of("feed-bench");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("bench-admin", TENANT));
  static final String JOB = "feed-bench-job";

  private FeedDatabases() {}

  /** A fresh database or schema, dropped on close. */
  record Fresh(String url, String base, String drop) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      if (drop != null) {
        try (Connection c = DriverManager.getConnection(base);
            Statement s = c.createStatement()) {
          s.execute(drop);
        }
      }
    }
  }

  static Fresh fresh(String database) throws SQLException {
    String name = "feedb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    switch (database.toLowerCase(Locale.ROOT)) {
      case "postgresql":
        {
          String base =
              System.getenv()
                  .getOrDefault(
                      "CREDENTIALS_TEST_POSTGRES_URL",
                      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
          exec(base, "CREATE SCHEMA " + name);
          return new Fresh(
              base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name,
              base,
              "DROP SCHEMA " + name + " CASCADE");
        }
      case "mariadb":
        {
          String base =
              System.getenv()
                  .getOrDefault(
                      "CREDENTIALS_TEST_MARIADB_URL",
                      "jdbc:mariadb://127.0.0.1:3306/test?user=root");
          exec(base, "CREATE DATABASE " + name);
          int slash = base.indexOf('/', "jdbc:mariadb://".length());
          int q = base.indexOf('?');
          String url = base.substring(0, slash + 1) + name + (q < 0 ? "" : base.substring(q));
          return new Fresh(url, base, "DROP DATABASE " + name);
        }
      case "h2":
        return new Fresh("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null, null);
      default:
        throw new IllegalArgumentException("database must be postgresql, mariadb or h2");
    }
  }

  private static void exec(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static JdbcCredentialRepository repository(String url, Duration poll) {
    return JdbcCredentialRepository.builder()
        .url(url)
        .maximumPoolSize(4)
        .changePollInterval(poll)
        .build();
  }

  static Credentials engine(JdbcCredentialRepository repo, CredentialKeys keys, boolean follow) {
    return engine(repo, keys, follow, dev.credentials.core.AccessAudit.batched());
  }

  static Credentials engine(
      JdbcCredentialRepository repo,
      CredentialKeys keys,
      boolean follow,
      dev.credentials.core.AccessAudit audit) {
    return Credentials.builder()
        .accessAudit(audit)
        .repository(repo)
        .keys(keys)
        .discoverPrototypes(false)
        .slf4jReporter(false)
        .prototype(SamplePrototypes.demoApi())
        .followChanges(follow)
        .build();
  }

  static CredentialMetadata bind(Credentials engine, String token) {
    CredentialMetadata m =
        engine
            .store()
            .create(
                ADMIN,
                NewCredential.builder(SamplePrototypes.DEMO_API, "feed-bench-api")
                    .value("API_URL", "https://api.example.com")
                    .secret("API_TOKEN", Secret.of(token))
                    .build());
    engine.bindings().declare(ADMIN, Consumer.of(JOB, SamplePrototypes.DEMO_API));
    engine.bindings().bind(ADMIN, BindingRequest.of(JOB, SamplePrototypes.DEMO_API, m.id()));
    return m;
  }
}
