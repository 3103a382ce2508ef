package dev.credentials.benchmarks;

import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialUpdate;
import dev.credentials.Secret;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.JdbcCredentialRepository;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The staleness of the change feed: engine A updates a credential's token; engine B, on its own
 * repository and pool, resolves the consumer every 100 µs until it serves the new token. The time
 * from the return of A's update (its commit) to the return of B's first resolve that serves the new
 * token, over many changes, as p50, p90, p99 and max. On a polled database each update waits a
 * random part of the poll interval first, so that commits fall at random phases of the poll.
 *
 * <pre>{@code
 * java -cp $CP dev.credentials.benchmarks.FeedStaleness postgresql 1000
 * java -cp $CP dev.credentials.benchmarks.FeedStaleness mariadb 200 1000
 * }</pre>
 *
 * Arguments: the database ({@code postgresql}, {@code mariadb}, {@code h2}), the number of changes,
 * and the poll interval in milliseconds (MariaDB and H2; default 1000).
 */
public final class FeedStaleness {

  private FeedStaleness() {}

  /**
   * @param args database, changes, poll interval in ms
   * @throws Exception when the database cannot be prepared
   */
  public static void main(String[] args) throws Exception {
    String database = args.length > 0 ? args[0] : "postgresql";
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Duration poll = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 1000);
    CredentialKeys keys = CredentialKeys.generate();
    try (FeedDatabases.Fresh db = FeedDatabases.fresh(database);
        JdbcCredentialRepository ra = FeedDatabases.repository(db.url(), poll);
        JdbcCredentialRepository rb = FeedDatabases.repository(db.url(), poll);
        Credentials a = FeedDatabases.engine(ra, keys, true);
        Credentials b = FeedDatabases.engine(rb, keys, true)) {
      CredentialMetadata m = FeedDatabases.bind(a, "feed-bench-token-0");
      awaitToken(b, "feed-bench-token-0", Long.MAX_VALUE);
      // warm up both engines' paths
      for (int i = 1; i <= 20; i++) {
        m = update(a, m, "feed-bench-warm-" + i);
        awaitToken(b, "feed-bench-warm-" + i, Long.MAX_VALUE);
      }
      long[] micros = new long[changes];
      boolean polled = !database.equalsIgnoreCase("postgresql");
      java.util.Random random = new java.util.Random(42);
      for (int i = 0; i < changes; i++) {
        if (polled) {
          // commit at a random phase of the poll, not just after the poll that saw the last change
          LockSupport.parkNanos(random.nextInt((int) poll.toMillis()) * 1_000_000L);
        }
        String token = "feed-bench-token-" + (i + 1);
        m = update(a, m, token);
        long committed = System.nanoTime();
        micros[i] = (awaitToken(b, token, committed) - committed) / 1_000;
      }
      Arrays.sort(micros);
      System.out.printf(
          Locale.ROOT,
          "%s, %d changes, poll %d ms: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          database,
          changes,
          poll.toMillis(),
          pct(micros, 0.50),
          pct(micros, 0.90),
          pct(micros, 0.99),
          micros[micros.length - 1] / 1000.0);
    }
  }

  static CredentialMetadata update(Credentials a, CredentialMetadata m, String token) {
    return a.store()
        .update(
            FeedDatabases.ADMIN,
            m.id(),
            CredentialUpdate.builder(m.version()).secret("API_TOKEN", Secret.of(token)).build());
  }

  /** Resolves until the token is served; returns when that resolve returned. */
  static long awaitToken(Credentials b, String token, long since) {
    Secret expected = Secret.of(token);
    while (true) {
      Secret served =
          b.resolver()
              .resolve(FeedDatabases.ADMIN, FeedDatabases.JOB)
              .get("API_TOKEN")
              .orElseThrow();
      if (served.equals(expected)) {
        return System.nanoTime();
      }
      LockSupport.parkNanos(100_000);
    }
  }

  static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1000.0;
  }
}
