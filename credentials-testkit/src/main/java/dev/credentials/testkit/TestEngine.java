package dev.credentials.testkit;

import dev.credentials.Caller;
import dev.credentials.CheckableCredential;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import dev.credentials.core.CredentialKeys;
import dev.credentials.core.Credentials;
import dev.credentials.core.CredentialsBuilder;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.CredentialRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A ready-made engine for tests: a fresh repository, a generated test keyset, a {@link
 * MutableClock}, the {@link SamplePrototypes}, and callers for a test tenant.
 *
 * <pre>{@code
 * try (TestEngine t = TestEngine.inMemory().build()) {
 *   t.engine().store().create(t.admin(), ...);
 *   t.clock().advance(Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class TestEngine implements AutoCloseable {

  /** The tenant the ready-made callers act in. */
  public static final TenantId TENANT = TenantId.of("test-tenant");

  private final Credentials engine;
  private final MutableClock clock;
  private final CredentialRepository repository;

  private TestEngine(Credentials engine, MutableClock clock, CredentialRepository repository) {
    this.engine = engine;
    this.clock = clock;
    this.repository = repository;
  }

  /**
   * An engine on the in-memory repository.
   *
   * @return a setup to adjust and build
   */
  public static Setup inMemory() {
    return new Setup(InMemoryCredentialRepository::new);
  }

  /**
   * An engine on a repository of your choice (a fresh one per build).
   *
   * @param repository makes the repository
   * @return a setup to adjust and build
   */
  public static Setup on(Supplier<? extends CredentialRepository> repository) {
    return new Setup(Objects.requireNonNull(repository, "repository"));
  }

  /**
   * @return the engine
   */
  public Credentials engine() {
    return engine;
  }

  /**
   * @return the clock the engine runs on
   */
  public MutableClock clock() {
    return clock;
  }

  /**
   * @return the repository under the engine
   */
  public CredentialRepository repository() {
    return repository;
  }

  /**
   * @return an administrator of {@link #TENANT}
   */
  public Caller admin() {
    return Caller.of(TENANT, Principal.admin("test-admin", TENANT));
  }

  /**
   * @return a user of {@link #TENANT}
   */
  public Caller user() {
    return Caller.of(TENANT, Principal.user("test-user", TENANT));
  }

  /**
   * @return a service of {@link #TENANT}
   */
  public Caller service() {
    return Caller.of(TENANT, Principal.service("test-service", TENANT));
  }

  /** Closes the engine and the repository. */
  @Override
  public void close() {
    engine.close();
    repository.close();
  }

  /** Adjusts a test engine before it is built. Reusable: each build is fresh. */
  public static final class Setup {
    private final Supplier<? extends CredentialRepository> repository;
    private final Map<String, Prototype> prototypes = new LinkedHashMap<>();
    private final Map<String, CheckableCredential> checks = new LinkedHashMap<>();
    private final List<Consumer<CredentialsBuilder>> customisers = new ArrayList<>();
    private boolean samples = true;
    private boolean discover;

    private Setup(Supplier<? extends CredentialRepository> repository) {
      this.repository = repository;
    }

    /**
     * Registers a prototype (in addition to the samples).
     *
     * @param prototype the prototype
     * @return this
     */
    public Setup prototype(Prototype prototype) {
      prototypes.put(prototype.code(), prototype);
      return this;
    }

    /**
     * Registers a prototype with its live check, e.g. a {@link ScriptedCheck}.
     *
     * @param prototype the prototype
     * @param check the check
     * @return this
     */
    public Setup prototype(Prototype prototype, CheckableCredential check) {
      prototype(prototype);
      checks.put(prototype.code(), Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Gives a sample prototype a live check.
     *
     * @param code the sample's code, e.g. {@link SamplePrototypes#DEMO_API}
     * @param check the check
     * @return this
     */
    public Setup check(String code, CheckableCredential check) {
      checks.put(Objects.requireNonNull(code, "code"), Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Leaves the sample prototypes out.
     *
     * @return this
     */
    public Setup withoutSamples() {
      samples = false;
      return this;
    }

    /**
     * Also discovers prototype providers on the class path (off by default, for repeatability).
     *
     * @return this
     */
    public Setup discoverPrototypes() {
      discover = true;
      return this;
    }

    /**
     * Anything else on the engine's builder.
     *
     * @param customiser changes the builder
     * @return this
     */
    public Setup configure(Consumer<CredentialsBuilder> customiser) {
      customisers.add(Objects.requireNonNull(customiser, "customiser"));
      return this;
    }

    /**
     * Builds a fresh engine.
     *
     * @return the test engine
     */
    public TestEngine build() {
      MutableClock clock = MutableClock.atDefaultStart();
      CredentialRepository repo = repository.get();
      Map<String, Prototype> all = new LinkedHashMap<>();
      if (samples) {
        SamplePrototypes.all().forEach(p -> all.put(p.code(), p));
      }
      all.putAll(prototypes);
      CredentialsBuilder b =
          Credentials.builder()
              .repository(repo)
              .keys(CredentialKeys.generate())
              .clock(clock)
              .discoverPrototypes(discover);
      for (Prototype p : all.values()) {
        CheckableCredential check = checks.get(p.code());
        if (check == null) {
          b.prototype(p);
        } else {
          b.prototype(p, check);
        }
      }
      customisers.forEach(c -> c.accept(b));
      return new TestEngine(b.build(), clock, repo);
    }
  }
}
