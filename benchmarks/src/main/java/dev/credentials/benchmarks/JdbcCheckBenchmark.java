package dev.credentials.benchmarks;

import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.internal.checks.CheckKindRegistry;
import dev.credentials.core.internal.checks.DeclaredProbe;
import dev.credentials.core.internal.launch.CheckRunner;
import dev.credentials.prototype.CheckDeclaration;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A declared {@code jdbc} check of a PostgreSQL credential against the local server, run as the
 * engine runs it (the engine's check runner: a check thread with its timeout and scrubbing; the
 * declared probe: template expansion, the kind, redaction of the result) vs a raw JDBC connect and
 * {@code isValid} of the same database with the same driver properties. Needs the PostgreSQL of the
 * test machine on 127.0.0.1:5432 (database test, user postgres).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class JdbcCheckBenchmark {

  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  DeclaredProbe check;
  CheckRunner runner;
  ExecutorService executor;
  CheckContext context;

  @Setup
  public void setUp() throws SQLException {
    Prototype pg =
        Prototype.builder("postgresql")
            .category("Database")
            .field(FieldDefinition.builder("PGHOST", FieldType.STRING).build())
            .field(FieldDefinition.builder("PGPORT", FieldType.INTEGER).build())
            .field(FieldDefinition.builder("PGDATABASE", FieldType.STRING).build())
            .field(FieldDefinition.builder("PGUSER", FieldType.STRING).build())
            .field(FieldDefinition.builder("PGPASSWORD", FieldType.PASSWORD).build())
            .build();
    check =
        DeclaredProbe.of(
            pg,
            "/check",
            CheckDeclaration.builder("jdbc")
                .parameter("url", "jdbc:postgresql://${PGHOST}:${PGPORT}/${PGDATABASE}")
                .parameter("user", "${PGUSER}")
                .parameter("password", "${PGPASSWORD}")
                .build(),
            CheckKindRegistry.discover(JdbcCheckBenchmark.class.getClassLoader()));
    executor = Executors.newCachedThreadPool();
    runner = new CheckRunner(executor, 64, Duration.ofSeconds(5), Clock.systemUTC());
    Instant now = Instant.now();
    CredentialMetadata meta =
        new CredentialMetadata(
            CredentialId.of(UUID.randomUUID().toString()),
            TenantId.of("bench"),
            "postgresql",
            "db",
            "production",
            "",
            Set.of(),
            true,
            Optional.empty(),
            1,
            now,
            now,
            "k",
            Optional.empty());
    context =
        new CheckContext(
            meta,
            Map.of(
                "PGHOST", Secret.of("127.0.0.1"),
                "PGPORT", Secret.of("5432"),
                "PGDATABASE", Secret.of("test"),
                "PGUSER", Secret.of("postgres"),
                "PGPASSWORD", Secret.of("bench-password")),
            Clock.systemUTC(),
            Duration.ofSeconds(5));
    CheckResult first = declaredCheck();
    if (first.state() != CredentialState.AVAILABLE) {
      throw new IllegalStateException("the local PostgreSQL is not available: " + first.message());
    }
  }

  /** The declared check, as the engine runs it. */
  @Benchmark
  public CheckResult declaredCheck() {
    return runner.run("check", check::check, context);
  }

  /** Stops the check threads. */
  @TearDown
  public void tearDown() {
    executor.shutdownNow();
  }

  /** The floor: DriverManager connect with the same properties, isValid, close. */
  @Benchmark
  public boolean rawConnectIsValid() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("password", "bench-password");
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "5");
    p.setProperty("socketTimeout", "5");
    try (Connection c = DriverManager.getConnection(URL, p)) {
      return c.isValid(5);
    }
  }
}
