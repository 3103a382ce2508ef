package dev.credentials.benchmarks;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialMetadata;
import dev.credentials.NewCredential;
import dev.credentials.Principal;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.AccessAudit;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.sources.FileSource;
import dev.credentials.spi.SourceReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * A warm resolve of a consumer bound to one file-sourced credential against the same consumer shape
 * bound to one stored credential with the same values, in the same run and engine. With {@code
 * cache=true} (the host's {@code cachePlaintext(true)}) both are served from the engine's caches
 * (the sourced one until its file changes); with {@code cache=false} the stored one decrypts and
 * the sourced one reads and parses its file on every resolve.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class SourcedResolveBenchmark {

  static final TenantId TENANT = TenantId.of("bench");
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("bench-admin", TENANT));
  static final Caller SCHEDULER = Caller.of(TENANT, Principal.service("bench-scheduler", TENANT));

  /** Whether the engine caches opened values ({@code cachePlaintext}). */
  @Param({"true", "false"})
  public boolean cache = true;

  private Path dir;
  private FileSource files;
  private Credentials credentials;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("sourced-bench");
    Path file = dir.resolve("svc.json");
    Files.writeString(
        file,
        "{\"SVC0_URL\": \"https://svc.example.com\", \"SVC0_USER\": \"svc\","
            + " \"SVC0_PASSWORD\": \"correct horse battery staple\"}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    files = FileSource.create();
    credentials =
        Credentials.builder()
            .repository(new InMemoryCredentialRepository())
            .keys(CredentialKeys.generate())
            .discoverPrototypes(false)
            .discoverSources(false)
            .slf4jReporter(false)
            .cachePlaintext(cache)
            .accessAudit(AccessAudit.batched())
            .prototype(ResolveBenchmark.prototype(0))
            .source(files)
            .build();
    CredentialMetadata stored =
        credentials
            .store()
            .create(
                ADMIN,
                NewCredential.builder("svc-0", "stored")
                    .value("SVC0_URL", "https://svc.example.com")
                    .value("SVC0_USER", "svc")
                    .secret("SVC0_PASSWORD", Secret.of("correct horse battery staple"))
                    .build());
    CredentialMetadata sourced =
        credentials
            .store()
            .create(
                ADMIN,
                NewCredential.builder("svc-0", "sourced")
                    .source(SourceReference.of("file", file.toString()))
                    .build());
    credentials.bindings().declare(ADMIN, Consumer.of("stored-job", "svc-0"));
    credentials.bindings().declare(ADMIN, Consumer.of("sourced-job", "svc-0"));
    credentials.bindings().bind(ADMIN, BindingRequest.of("stored-job", "svc-0", stored.id()));
    credentials.bindings().bind(ADMIN, BindingRequest.of("sourced-job", "svc-0", sourced.id()));
  }

  @TearDown
  public void tearDown() throws IOException {
    credentials.close();
    files.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * @return the environment of the consumer bound to the stored credential
   */
  @Benchmark
  public ResolvedEnvironment storedResolve() {
    return credentials.resolver().resolve(SCHEDULER, "stored-job");
  }

  /**
   * @return the environment of the consumer bound to the file-sourced credential
   */
  @Benchmark
  public ResolvedEnvironment sourcedResolve() {
    return credentials.resolver().resolve(SCHEDULER, "sourced-job");
  }
}
