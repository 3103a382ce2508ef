package dev.credentials.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.Binding;
import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.ConsumerStatus;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.LaunchDecision;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.Requirement;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.CredentialsBuilder;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
 * Phase-1 status at scale, and a launch decision with every check cached against a warm resolve of
 * the same consumer (what the decision adds is phase 1 and phase 2 around that resolve) and a plain
 * Caffeine lookup, in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx12g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class LaunchBenchmark {

  static final TenantId TENANT = TenantId.of("bench");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("bench", TENANT));
  static final int PROTOTYPES = 50;
  static final int CONSUMERS = 10_000;
  static final int REQUIREMENTS = 5;

  static Prototype prototype(int i) {
    return Prototype.builder("proto-" + i)
        .field(FieldDefinition.builder("URL_" + i, FieldType.URL).required(true).build())
        .field(FieldDefinition.builder("TOKEN_" + i, FieldType.PASSWORD).required(true).build())
        .build();
  }

  /** 10,000 consumers × 5 requirements over N credentials; 4 of 5 requirements bound. */
  @State(Scope.Benchmark)
  public static class Phase1 {
    @Param({"100000", "1000000"})
    public int credentials;

    Credentials engine;

    @Setup(Level.Trial)
    public void setUp() {
      InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
      CredentialsBuilder b =
          Credentials.builder()
              .repository(repository)
              .keys(CredentialKeys.generate())
              .discoverPrototypes(false)
              .slf4jReporter(false);
      for (int p = 0; p < PROTOTYPES; p++) {
        b.prototype(prototype(p));
      }
      engine = b.build();
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      byte[] sealed = new byte[128];
      List<CredentialId> ids = new ArrayList<>(credentials);
      int batch = 10_000;
      for (int start = 0; start < credentials; start += batch) {
        int from = start;
        repository.inTransaction(
            uow -> {
              for (int i = from; i < Math.min(from + batch, credentials); i++) {
                CredentialId id = CredentialId.random();
                ids.add(id);
                uow.credentials()
                    .insert(
                        new StoredCredential(
                            new CredentialMetadata(
                                id,
                                TENANT,
                                "proto-" + (i % PROTOTYPES),
                                "cred-" + i,
                                "production",
                                "",
                                Set.of(),
                                true,
                                Optional.empty(),
                                1,
                                now,
                                now,
                                "1",
                                Optional.empty()),
                            sealed));
              }
              return null;
            });
      }
      repository.inTransaction(
          uow -> {
            for (int c = 0; c < CONSUMERS; c++) {
              List<Requirement> reqs = new ArrayList<>();
              for (int r = 0; r < REQUIREMENTS; r++) {
                reqs.add(Requirement.of("proto-" + ((c + r * 7) % PROTOTYPES)));
              }
              Consumer consumer = new Consumer("consumer-" + c, reqs);
              uow.bindings().putConsumer(TENANT, consumer);
              for (int r = 0; r < REQUIREMENTS - 1; r++) {
                int p = (c + r * 7) % PROTOTYPES;
                // Credential i is of prototype i % PROTOTYPES: pick one of prototype p.
                CredentialId id = ids.get(p + PROTOTYPES * (c % (credentials / PROTOTYPES)));
                uow.bindings()
                    .put(
                        new Binding(
                            TENANT,
                            consumer.id(),
                            Topic.of("proto-" + p),
                            id,
                            Optional.empty(),
                            now,
                            "bench"));
              }
            }
            return null;
          });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      engine.close();
    }
  }

  @Benchmark
  public ConsumerStatus phase1StatusOfOneConsumer(Phase1 s) {
    return s.engine
        .bindings()
        .status(ADMIN, "consumer-" + ThreadLocalRandom.current().nextInt(CONSUMERS));
  }

  /** One consumer with 3 bound credentials whose checks are cached. */
  @State(Scope.Benchmark)
  public static class Warm {
    Credentials engine;
    Cache<String, CheckResult> caffeine;

    @Setup(Level.Trial)
    public void setUp() {
      CredentialsBuilder b =
          Credentials.builder()
              .repository(new InMemoryCredentialRepository())
              .keys(CredentialKeys.generate())
              .discoverPrototypes(false)
              .slf4jReporter(false);
      for (int p = 0; p < 3; p++) {
        b.prototype(
            prototype(p),
            ctx ->
                CheckResult.of(
                    CredentialState.AVAILABLE, "ok", ctx.clock().instant(), Duration.ofDays(1)));
      }
      engine = b.build();
      List<String> topics = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        topics.add("proto-" + p);
      }
      engine.bindings().declare(ADMIN, Consumer.of("job", topics.toArray(String[]::new)));
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
    }
  }

  @Benchmark
  public LaunchDecision launchDecisionAllChecksCached(Warm s) {
    return s.engine.launchGate().prepare(ADMIN, "job");
  }

  /** The floor of the launch decision: a warm resolve of the same consumer. */
  @Benchmark
  public ResolvedEnvironment warmResolve(Warm s) {
    return s.engine.resolver().resolve(ADMIN, "job");
  }

  @Benchmark
  public CheckResult rawCaffeineLookup(Warm s) {
    return s.caffeine.getIfPresent("job");
  }
}
