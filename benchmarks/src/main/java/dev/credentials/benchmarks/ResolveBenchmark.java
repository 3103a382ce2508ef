package dev.credentials.benchmarks;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.NewCredential;
import dev.credentials.PageRequest;
import dev.credentials.Principal;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.CredentialsBuilder;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A warm resolve of a consumer with 3 bound credentials through the public engine, against the
 * floor it cannot beat: 3 raw Tink AEAD decrypts of the very same ciphertexts (same keyset, same
 * associated data) plus the map lookups and puts that build an environment, in the same run.
 *
 * <p>The engine's resolve additionally checks the access policy, validates its cached plan against
 * the tenant's generation, decodes each plaintext into per-field secrets, detects variable clashes
 * and writes one audit event per credential in one unit of work. Plaintext caching is off (the
 * default), so every resolve decrypts.
 *
 * <p>The {@code audit} parameter selects how access events are written ({@link AuditModes}):
 * sustained with the default journal, the caller's own cost, or all synchronous. Audit events go to
 * {@link HeadOnlyAudit}, which keeps only the chain heads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ResolveBenchmark {

  static final TenantId TENANT = TenantId.of("bench");
  static final CredentialId NO_SUCH_CREDENTIAL = CredentialId.random();
  static final Caller ADMIN = Caller.of(TENANT, Principal.admin("bench-admin", TENANT));
  static final Caller SCHEDULER = Caller.of(TENANT, Principal.service("bench-scheduler", TENANT));
  static final String CONSUMER = "nightly-sync";

  /** How access events reach the audit log; see {@link AuditModes}. */
  @Param({"batched", "caller", "synchronous"})
  public String audit = "batched";

  private HeadOnlyAudit repository;
  private Credentials credentials;

  /** The raw path: consumer → ciphertexts, associated data and variable names. */
  private Map<String, Sealed[]> raw;

  private Aead aead;

  record Sealed(String variable, byte[] ciphertext, byte[] associatedData) {}

  static Prototype prototype(int i) {
    return Prototype.builder("svc-" + i)
        .name("Service " + i)
        .topic("svc-" + i)
        .field(FieldDefinition.builder("SVC" + i + "_URL", FieldType.URL).required(true).build())
        .field(
            FieldDefinition.builder("SVC" + i + "_USER", FieldType.STRING).required(true).build())
        .field(
            FieldDefinition.builder("SVC" + i + "_PASSWORD", FieldType.PASSWORD)
                .required(true)
                .build())
        .build();
  }

  @Setup
  public void setUp() throws GeneralSecurityException {
    setUp(false);
  }

  void setUp(boolean cachePlaintext) throws GeneralSecurityException {
    AeadConfig.register();
    KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    repository = new HeadOnlyAudit();
    CredentialsBuilder builder =
        Credentials.builder()
            .repository(repository)
            .keys(CredentialKeys.of(keyset))
            .discoverPrototypes(false)
            .slf4jReporter(false)
            .cachePlaintext(cachePlaintext)
            .accessAudit(AuditModes.of(audit));
    for (int i = 0; i < 3; i++) {
      builder.prototype(prototype(i));
    }
    credentials = builder.build();
    credentials.bindings().declare(ADMIN, Consumer.of(CONSUMER, "svc-0", "svc-1", "svc-2"));
    List<CredentialId> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CredentialId id =
          credentials
              .store()
              .create(
                  ADMIN,
                  NewCredential.builder("svc-" + i, "svc-" + i + "-prod")
                      .value("SVC" + i + "_URL", "https://svc" + i + ".example.com/api/v2")
                      .value("SVC" + i + "_USER", "integration-user-" + i)
                      .secret("SVC" + i + "_PASSWORD", Secret.of("p@ssw0rd-" + i + "-xxxxxxxxxxxx"))
                      .build())
              .id();
      credentials.bindings().bind(ADMIN, BindingRequest.of(CONSUMER, "svc-" + i, id));
      ids.add(id);
    }
    // the same ciphertexts the engine opens, read back from the repository
    Map<CredentialId, StoredCredential> stored =
        repository.delegate().read(uow -> uow.credentials().findAll(TENANT, ids));
    Sealed[] sealed = new Sealed[3];
    for (int i = 0; i < 3; i++) {
      CredentialId id = ids.get(i);
      byte[] ad =
          ("dev.credentials/v1\u0000" + TENANT.value() + "\u0000" + id.value())
              .getBytes(StandardCharsets.UTF_8);
      sealed[i] = new Sealed("SVC" + i, stored.get(id).sealedValues(), ad);
      aead.decrypt(sealed[i].ciphertext(), ad); // fails here if the floor is not like for like
    }
    raw = new HashMap<>();
    raw.put(CONSUMER, sealed);
    // warm: the plan is cached after the first resolve
    ResolvedEnvironment env = resolve();
    if (env.variables().size() != 9) {
      throw new IllegalStateException("expected 9 variables, got " + env.variables().keySet());
    }
  }

  /** Writes the journal out between iterations, unmeasured (matters for {@code caller}). */
  @TearDown(Level.Iteration)
  public void writeJournal() {
    // a query flushes the journal first; one for an unknown credential costs no more than that
    credentials
        .audit()
        .query(ADMIN, AuditQuery.all().withCredential(NO_SUCH_CREDENTIAL), PageRequest.first(1));
  }

  @TearDown
  public void tearDown() {
    credentials.close();
  }

  /** The engine: a warm resolve of 3 bound credentials. */
  @Benchmark
  public ResolvedEnvironment resolve() {
    return credentials.resolver().resolve(SCHEDULER, CONSUMER);
  }

  /**
   * The same engine with the host's opt-in plaintext cache: no decryption, so what remains is the
   * engine's own overhead (policy, plan, decode, clash detection, audit).
   */
  @State(Scope.Benchmark)
  public static class WithPlaintextCache {
    ResolveBenchmark engine;

    /** The same parameter as the benchmark's. */
    @Param({"batched", "caller", "synchronous"})
    public String audit;

    @Setup
    public void setUp() throws GeneralSecurityException {
      engine = new ResolveBenchmark();
      engine.audit = audit;
      engine.setUp(true);
    }

    /** As {@link ResolveBenchmark#writeJournal()}. */
    @TearDown(Level.Iteration)
    public void writeJournal() {
      engine.writeJournal();
    }

    @TearDown
    public void tearDown() {
      engine.tearDown();
    }
  }

  /**
   * A warm resolve with the plaintext cache on.
   *
   * @param state the engine
   * @return the environment
   */
  @Benchmark
  public ResolvedEnvironment resolveWithPlaintextCache(WithPlaintextCache state) {
    return state.engine.resolve();
  }

  /** The floor: a map lookup, 3 AEAD decrypts of the same ciphertexts, 3 map puts. */
  @Benchmark
  public Map<String, Secret> rawTinkDecrypts() throws GeneralSecurityException {
    Sealed[] sealed = raw.get(CONSUMER);
    Map<String, Secret> env = new HashMap<>();
    for (Sealed s : sealed) {
      byte[] plain = aead.decrypt(s.ciphertext(), s.associatedData());
      env.put(s.variable(), Secret.ofUtf8(plain));
      Arrays.fill(plain, (byte) 0);
    }
    return env;
  }
}
