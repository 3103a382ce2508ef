package dev.credentials.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.CredentialsBuilder;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.jdbc.JdbcCredentialRepository;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
 * A launch decision whose 3 checks the engine holds fresh, on the in-memory repository and on H2,
 * against a plain Caffeine lookup in the same run. Only public API: the same class runs on a
 * release before and after a change to the launch path, and the ratios compare.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WarmLaunchBenchmark {

  static final TenantId TENANT = TenantId.of("bench");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("bench", TENANT));

  /** One consumer with 3 bound credentials whose checks are cached. */
  @State(Scope.Benchmark)
  public static class Warm {
    @Param({"memory", "h2"})
    public String repository;

    CredentialRepository repo;
    Credentials engine;
    Cache<String, CheckResult> caffeine;

    @Setup(Level.Trial)
    public void setUp() {
      repo =
          repository.equals("h2")
              ? JdbcCredentialRepository.h2InMemory(
                  "warm" + UUID.randomUUID().toString().replace("-", ""))
              : new InMemoryCredentialRepository();
      CredentialsBuilder b =
          Credentials.builder()
              .repository(repo)
              .keys(CredentialKeys.generate())
              .discoverPrototypes(false)
              .slf4jReporter(false);
      for (int p = 0; p < 3; p++) {
        b.prototype(
            Prototype.builder("proto-" + p)
                .field(FieldDefinition.builder("URL_" + p, FieldType.URL).required(true).build())
                .field(
                    FieldDefinition.builder("TOKEN_" + p, FieldType.PASSWORD)
                        .required(true)
                        .build())
                .build(),
            ctx ->
                CheckResult.of(
                    CredentialState.AVAILABLE, "ok", ctx.clock().instant(), Duration.ofDays(1)));
      }
      engine = b.build();
      engine.bindings().declare(ADMIN, Consumer.of("job", "proto-0", "proto-1", "proto-2"));
      for (int p = 0; p < 3; p++) {
        CredentialMetadata m =
            engine
                .store()
                .create(
                    ADMIN,
                    NewCredential.builder("proto-" + p, "c" + p)
                        .value("URL_" + p, "https://service" + p + ".example/api")
                        .secret("TOKEN_" + p, Secret.of("token-" + p + "-0123456789abcdef"))
                        .build());
        engine.bindings().bind(ADMIN, BindingRequest.of("job", "proto-" + p, m.id()));
      }
      engine.launchGate().prepare(ADMIN, "job");
      caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
      caffeine.put(
          "job",
          CheckResult.of(CredentialState.AVAILABLE, "ok", Instant.now(), Duration.ofDays(1)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      engine.close();
      repo.close();
    }
  }

  @Benchmark
  public LaunchDecision warmLaunchDecision(Warm s) {
    return s.engine.launchGate().prepare(ADMIN, "job");
  }

  @Benchmark
  public CheckResult rawCaffeineLookup(Warm s) {
    return s.caffeine.getIfPresent("job");
  }
}
