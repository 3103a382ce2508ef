package dev.credentials.benchmarks;

import dev.credentials.CredentialId;
import dev.credentials.PageRequest;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.jdbc.JdbcCredentialRepository;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A warm resolve (cached plan, one credential) on an engine that follows the change feed against
 * one that does not, on the same database: what following costs a read while nothing changes (the
 * listening or polling thread, the feed's checks on the resolve path). Access events are journalled
 * and written out after each iteration, unmeasured ({@link AuditModes}' {@code caller} mode), so
 * the database's audit inserts do not drown the difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class FeedResolveBenchmark {

  /** The database: {@code postgresql} (LISTEN), {@code mariadb} or {@code h2} (polling). */
  @Param({"postgresql"})
  public String database = "postgresql";

  /** Whether the engine follows the change feed. */
  @Param({"true", "false"})
  public boolean follow = true;

  private FeedDatabases.Fresh db;
  private JdbcCredentialRepository repository;
  private Credentials engine;

  /**
   * Builds the engine and binds one credential.
   *
   * @throws Exception when the database cannot be prepared
   */
  @Setup
  public void setUp() throws Exception {
    db = FeedDatabases.fresh(database);
    repository = FeedDatabases.repository(db.url(), Duration.ofSeconds(1));
    engine =
        FeedDatabases.engine(
            repository, CredentialKeys.generate(), follow, AuditModes.of("caller"));
    FeedDatabases.bind(engine, "feed-bench-token");
  }

  /** Writes the journalled access events out, unmeasured (the {@code caller} audit mode). */
  @TearDown(Level.Iteration)
  public void writeJournal() {
    engine
        .audit()
        .query(
            FeedDatabases.ADMIN,
            AuditQuery.all().withCredential(CredentialId.random()),
            PageRequest.first(1));
  }

  /**
   * Closes everything and drops the database.
   *
   * @throws Exception when dropping fails
   */
  @TearDown
  public void tearDown() throws Exception {
    engine.close();
    repository.close();
    db.close();
  }

  /**
   * @return the resolved environment
   */
  @Benchmark
  public ResolvedEnvironment warmResolve() {
    return engine.resolver().resolve(FeedDatabases.ADMIN, FeedDatabases.JOB);
  }
}
