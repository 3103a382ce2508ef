package dev.credentials.core;

import dev.credentials.CheckableCredential;
import dev.credentials.ConnectionTest;
import dev.credentials.core.internal.store.MetadataRules;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.AccessPolicy;
import dev.credentials.spi.AuditSink;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.CredentialSource;
import dev.credentials.spi.LaunchListener;
import dev.credentials.spi.PrototypeProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Configures an engine. Every setter rejects null and bad values at once; single-valued settings
 * may be set only once; {@link #build()} validates the whole and reports every problem together.
 */
public final class CredentialsBuilder {
  CredentialRepository repository;
  CredentialKeys keys;
  Clock clock;
  AccessPolicy policy;
  String defaultEnvironment;
  Duration checkTimeout;
  TokenRefreshPolicy tokenRefresh;
  ExecutorService checkExecutor;
  int maxConcurrentChecks = -1;
  DeferralPolicy deferrals;
  Duration cacheTtl;
  long cacheSize = -1;
  int historyDepth = -1;
  List<Duration> reminderLeadTimes;
  Duration reminderInterval;
  Boolean cachePlaintextSet;
  boolean cachePlaintext;
  Boolean discoverSet;
  boolean discover = true;
  ClassLoader classLoader;
  boolean slf4jReporter = true;
  final List<PrototypeProvider> providers = new ArrayList<>();
  final List<CredentialSource> sources = new ArrayList<>();
  Boolean discoverSourcesSet;
  boolean discoverSources = true;
  final List<Prototype> prototypes = new ArrayList<>();
  final Map<String, CheckableCredential> checks = new java.util.HashMap<>();
  final Map<String, ConnectionTest> tests = new java.util.HashMap<>();
  final List<CheckKind> checkKinds = new ArrayList<>();
  final List<AuditSink> sinks = new ArrayList<>();
  final List<LaunchListener> listeners = new ArrayList<>();
  java.util.function.Function<String, String> fallback;
  AccessAudit accessAudit;
  boolean production;
  boolean tolerateMissingKeys;
  Boolean followChangesSet;
  boolean followChanges = true;
  boolean built;

  CredentialsBuilder() {}

  private static void once(Object current, String name) {
    if (current != null) {
      throw new IllegalStateException(name + " was already set");
    }
  }

  /**
   * Where credentials are stored (required).
   *
   * @param v the repository, e.g. an {@link InMemoryCredentialRepository}
   * @return this
   */
  public CredentialsBuilder repository(CredentialRepository v) {
    once(repository, "repository");
    repository = Objects.requireNonNull(v, "repository");
    return this;
  }

  /**
   * The keys that seal values (required; there is no default, so that production never runs on a
   * key nobody kept).
   *
   * @param v the keys
   * @return this
   */
  public CredentialsBuilder keys(CredentialKeys v) {
    once(keys, "keys");
    keys = Objects.requireNonNull(v, "keys");
    return this;
  }

  /**
   * The clock for TTLs, expiries, deferrals and audit times (default: system UTC).
   *
   * @param v the clock
   * @return this
   */
  public CredentialsBuilder clock(Clock v) {
    once(clock, "clock");
    clock = Objects.requireNonNull(v, "clock");
    return this;
  }

  /**
   * Who may do what (default: {@link DefaultAccessPolicy}).
   *
   * @param v the policy
   * @return this
   */
  public CredentialsBuilder accessPolicy(AccessPolicy v) {
    once(policy, "accessPolicy");
    policy = Objects.requireNonNull(v, "accessPolicy");
    return this;
  }

  /**
   * The environment used when a credential or lookup names none (default {@code production}).
   *
   * @param v the environment
   * @return this
   */
  public CredentialsBuilder defaultEnvironment(String v) {
    once(defaultEnvironment, "defaultEnvironment");
    Objects.requireNonNull(v, "defaultEnvironment");
    if (!MetadataRules.ENVIRONMENT.matcher(v).matches()) {
      throw new IllegalArgumentException(
          "defaultEnvironment must be 1 to 64 lower-case letters, digits, '.', '_' or '-', got '"
              + v
              + "'");
    }
    defaultEnvironment = v;
    return this;
  }

  /**
   * Registers a credential source explicitly: sourced credentials whose reference names it read
   * their values from it. Explicit sources win over discovered ones of the same name (then the
   * higher {@link CredentialSource#priority()} wins); registering the same instance twice is
   * harmless. The host keeps ownership: close it after the engine.
   *
   * @param v the source, e.g. a {@code FileSource} of {@code credentials-sources}
   * @return this
   */
  public CredentialsBuilder source(CredentialSource v) {
    Objects.requireNonNull(v, "source");
    if (!sources.contains(v)) {
      sources.add(v);
    }
    return this;
  }

  /**
   * Whether to find credential sources with {@link java.util.ServiceLoader} (default true); the
   * engine closes the sources it found when it is closed.
   *
   * @param v whether to discover
   * @return this
   */
  public CredentialsBuilder discoverSources(boolean v) {
    once(discoverSourcesSet, "discoverSources");
    discoverSourcesSet = v;
    discoverSources = v;
    return this;
  }

  /**
   * Registers a prototype provider explicitly; explicit providers win over discovered ones.
   * Registering the same provider instance twice is harmless. Its prototypes live in this engine
   * only (see {@link #prototype(Prototype)}).
   *
   * @param v the provider
   * @return this
   */
  public CredentialsBuilder prototypeProvider(PrototypeProvider v) {
    Objects.requireNonNull(v, "provider");
    if (!providers.contains(v)) {
      providers.add(v);
    }
    return this;
  }

  /**
   * Registers a Java prototype explicitly. It lives in this engine only: it is not stored in the
   * repository, so another engine on the same repository knows it only when registered there too (a
   * launch there blocks, naming the prototype). To share a prototype through the repository, use
   * {@link Credentials#importPrototypes}.
   *
   * @param v the prototype
   * @return this
   */
  public CredentialsBuilder prototype(Prototype v) {
    prototypes.add(Objects.requireNonNull(v, "prototype"));
    return this;
  }

  /**
   * Registers a Java prototype with its live check.
   *
   * @param v the prototype
   * @param check its live availability check
   * @return this
   */
  public CredentialsBuilder prototype(Prototype v, CheckableCredential check) {
    prototype(v);
    checks.put(v.code(), Objects.requireNonNull(check, "check"));
    return this;
  }

  /**
   * Registers a Java prototype with its live check and connection test.
   *
   * @param v the prototype
   * @param check its live availability check
   * @param test its connection test
   * @return this
   */
  public CredentialsBuilder prototype(Prototype v, CheckableCredential check, ConnectionTest test) {
    prototype(v, check);
    tests.put(v.code(), Objects.requireNonNull(test, "test"));
    return this;
  }

  /**
   * Registers a check kind that runs the {@code check} and {@code test} declarations of prototypes.
   * Kinds are also found through {@link java.util.ServiceLoader} (the module {@code
   * credentials-checks} ships tcp, http, jdbc, redis, smtp, amqp, nats, mqtt and oauth2); a kind
   * registered here wins over a discovered kind of the same name. Registering the same kind twice
   * is harmless.
   *
   * @param v the kind
   * @return this
   * @throws IllegalArgumentException when its name is not 1 to 32 lower-case letters, digits or '-'
   */
  public CredentialsBuilder checkKind(CheckKind v) {
    Objects.requireNonNull(v, "checkKind");
    if (!dev.credentials.prototype.CheckDeclaration.NAME
        .matcher(Objects.requireNonNull(v.name(), "checkKind name"))
        .matches()) {
      throw new IllegalArgumentException(
          "check kind "
              + v.getClass().getName()
              + " has the name '"
              + v.name()
              + "'; use 1 to 32 lower-case letters, digits or '-'");
    }
    checkKinds.add(v);
    return this;
  }

  /**
   * Whether to discover prototype providers through {@link java.util.ServiceLoader} (default true).
   *
   * @param v true to discover
   * @return this
   */
  public CredentialsBuilder discoverPrototypes(boolean v) {
    once(discoverSet, "discoverPrototypes");
    discoverSet = v;
    discover = v;
    return this;
  }

  /**
   * The class loader to discover providers with (default: this library's).
   *
   * @param v the class loader
   * @return this
   */
  public CredentialsBuilder classLoader(ClassLoader v) {
    once(classLoader, "classLoader");
    classLoader = Objects.requireNonNull(v, "classLoader");
    return this;
  }

  /**
   * Adds an audit sink that receives events after commit.
   *
   * @param v the sink
   * @return this
   */
  public CredentialsBuilder auditSink(AuditSink v) {
    sinks.add(Objects.requireNonNull(v, "auditSink"));
    return this;
  }

  /**
   * Adds a launch listener.
   *
   * @param v the listener
   * @return this
   */
  public CredentialsBuilder launchListener(LaunchListener v) {
    listeners.add(Objects.requireNonNull(v, "launchListener"));
    return this;
  }

  /**
   * Whether the SLF4J launch reporter is installed (default true).
   *
   * @param v false to turn it off
   * @return this
   */
  public CredentialsBuilder slf4jReporter(boolean v) {
    slf4jReporter = v;
    return this;
  }

  /**
   * The timeout of every live check and connection test (default 5 s).
   *
   * @param v a positive duration
   * @return this
   */
  public CredentialsBuilder checkTimeout(Duration v) {
    once(checkTimeout, "checkTimeout");
    Objects.requireNonNull(v, "checkTimeout");
    if (v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException("checkTimeout must be positive, got " + v);
    }
    checkTimeout = v;
    return this;
  }

  /**
   * When and how OAuth 2.0 access tokens are refreshed (default {@link
   * TokenRefreshPolicy#DEFAULT}).
   *
   * @param v the policy
   * @return this
   */
  public CredentialsBuilder tokenRefresh(TokenRefreshPolicy v) {
    once(tokenRefresh, "tokenRefresh");
    tokenRefresh = Objects.requireNonNull(v, "tokenRefresh");
    return this;
  }

  /**
   * The executor checks run on (default: the engine's own daemon threads). The host keeps ownership
   * of an executor it supplies.
   *
   * @param v the executor
   * @return this
   */
  public CredentialsBuilder checkExecutor(ExecutorService v) {
    once(checkExecutor, "checkExecutor");
    checkExecutor = Objects.requireNonNull(v, "checkExecutor");
    return this;
  }

  /**
   * How many checks may run at once (default 16).
   *
   * @param v at least 1
   * @return this
   */
  public CredentialsBuilder maxConcurrentChecks(int v) {
    if (maxConcurrentChecks != -1) {
      throw new IllegalStateException("maxConcurrentChecks was already set");
    }
    if (v < 1) {
      throw new IllegalArgumentException("maxConcurrentChecks must be at least 1, got " + v);
    }
    maxConcurrentChecks = v;
    return this;
  }

  /**
   * How repeated deferrals back off and give up (default {@link DeferralPolicy#defaults()}).
   *
   * @param v the policy
   * @return this
   */
  public CredentialsBuilder deferrals(DeferralPolicy v) {
    once(deferrals, "deferrals");
    deferrals = Objects.requireNonNull(v, "deferrals");
    return this;
  }

  /**
   * How long a resolve plan stays cached (default 5 minutes). Changes made through this engine
   * invalidate at once; changes by other processes are seen after this TTL.
   *
   * @param v a positive duration
   * @return this
   */
  public CredentialsBuilder cacheTtl(Duration v) {
    once(cacheTtl, "cacheTtl");
    Objects.requireNonNull(v, "cacheTtl");
    if (v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException("cacheTtl must be positive, got " + v);
    }
    cacheTtl = v;
    return this;
  }

  /**
   * The maximum number of cached plans and check results (default 10,000).
   *
   * @param v at least 1
   * @return this
   */
  public CredentialsBuilder cacheSize(long v) {
    if (cacheSize != -1) {
      throw new IllegalStateException("cacheSize was already set");
    }
    if (v < 1) {
      throw new IllegalArgumentException("cacheSize must be at least 1, got " + v);
    }
    cacheSize = v;
    return this;
  }

  /**
   * The lead times before a credential's expiry at which a reminder is sent (default 30, 7 and 1
   * days); a reminder at the expiry itself is always sent.
   *
   * @param v positive durations of whole seconds, at least one
   * @return this
   */
  public CredentialsBuilder reminderLeadTimes(Duration... v) {
    once(reminderLeadTimes, "reminderLeadTimes");
    Objects.requireNonNull(v, "reminderLeadTimes");
    if (v.length == 0) {
      throw new IllegalArgumentException("reminderLeadTimes needs at least one lead time");
    }
    for (Duration d : v) {
      Objects.requireNonNull(d, "reminderLeadTimes");
      if (d.isNegative() || d.isZero() || d.getNano() != 0) {
        throw new IllegalArgumentException(
            "reminderLeadTimes must be positive whole seconds (the reminder at the expiry is"
                + " always sent), got "
                + d);
      }
    }
    reminderLeadTimes = List.of(v);
    return this;
  }

  /**
   * Lets the engine send due expiry reminders itself, on a daemon thread at this interval (default
   * off: the host calls {@code reminders().sendDue()}).
   *
   * @param v a positive interval
   * @return this
   */
  public CredentialsBuilder reminderInterval(Duration v) {
    once(reminderInterval, "reminderInterval");
    Objects.requireNonNull(v, "reminderInterval");
    if (v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException("reminderInterval must be positive, got " + v);
    }
    reminderInterval = v;
    return this;
  }

  /**
   * How many earlier versions of each credential's values are kept besides the current ones
   * (default 10); 0 keeps no history. Older versions are removed in the unit of work that writes a
   * new one.
   *
   * @param v at least 0
   * @return this
   */
  public CredentialsBuilder historyDepth(int v) {
    if (historyDepth != -1) {
      throw new IllegalStateException("historyDepth was already set");
    }
    if (v < 0) {
      throw new IllegalArgumentException("historyDepth must be at least 0, got " + v);
    }
    historyDepth = v;
    return this;
  }

  /**
   * Whether opened values are cached in memory (default false). Caching saves one decryption per
   * credential per resolve, at the price of plaintext living in the heap for the TTL.
   *
   * @param v true to cache plaintext
   * @return this
   */
  public CredentialsBuilder cachePlaintext(boolean v) {
    once(cachePlaintextSet, "cachePlaintext");
    cachePlaintextSet = v;
    cachePlaintext = v;
    return this;
  }

  /**
   * Whether the engine follows the repository's change feed (default true, when the repository
   * offers one): changes made through other engines on the same database are then seen within the
   * feed's bound instead of when cached plans expire. See {@code docs/multi-engine.md}.
   *
   * @param v false to rely on cache expiry alone
   * @return this
   */
  public CredentialsBuilder followChanges(boolean v) {
    once(followChangesSet, "followChanges");
    followChangesSet = v;
    followChanges = v;
    return this;
  }

  /**
   * How access events reach the audit log (default {@link AccessAudit#batched()}): written in
   * batches by a background writer within 100 ms, or {@link AccessAudit#synchronous()}, committed
   * before values are returned. Changes, denials and failed accesses are always written with the
   * operation.
   *
   * @param v the mode
   * @return this
   */
  public CredentialsBuilder accessAudit(AccessAudit v) {
    once(accessAudit, "accessAudit");
    accessAudit = Objects.requireNonNull(v, "accessAudit");
    return this;
  }

  /**
   * Turns on the process-environment fallback, a transition aid for credentials not yet in the
   * store: an unbound requirement is satisfied from {@link System#getenv(String)} under the field
   * codes of a prototype providing its topic, when all its required fields are set. Off by default.
   * Its use shows in {@link dev.credentials.ResolvedEnvironment#fallbackVariables()} and is audited
   * as an access "via process-environment fallback".
   *
   * @return this
   */
  public CredentialsBuilder processEnvironmentFallback() {
    return environmentFallback(System::getenv);
  }

  /**
   * Turns on the fallback with another source of variables (for tests, or a host's own
   * configuration).
   *
   * @param lookup variable name to value, or null when absent
   * @return this
   */
  public CredentialsBuilder environmentFallback(
      java.util.function.Function<String, String> lookup) {
    once(fallback, "environmentFallback");
    fallback = Objects.requireNonNull(lookup, "lookup");
    return this;
  }

  /**
   * Declares a production engine: {@link #build()} refuses development keys ({@link
   * CredentialKeys#isDevelopment()}: a keyset from {@link CredentialKeys#generate()} or {@link
   * CredentialKeys#developmentFile}), so a throw-away key never seals real credentials.
   *
   * @return this builder
   * @throws IllegalStateException when called twice
   */
  public CredentialsBuilder production() {
    if (production) {
      throw new IllegalStateException("production() was already called");
    }
    production = true;
    return this;
  }

  /**
   * Builds the engine even when the repository holds credentials sealed under keys that the keyset
   * lacks. Without this, {@link #build()} refuses such a keyset (usually the wrong one) before it
   * seals anything. With it, the engine starts, logs the missing key ids, and those credentials
   * stay unreadable (reads fail with {@link dev.credentials.CredentialDecryptionException}) until
   * the keyset holds their keys again; they can still be listed and deleted.
   *
   * @return this builder
   * @throws IllegalStateException when called twice
   */
  public CredentialsBuilder tolerateMissingKeys() {
    if (tolerateMissingKeys) {
      throw new IllegalStateException("tolerateMissingKeys() was already called");
    }
    tolerateMissingKeys = true;
    return this;
  }

  /**
   * Validates the configuration as a whole and builds the engine. The builder cannot be reused.
   *
   * @return the engine
   * @throws IllegalStateException listing every configuration problem
   * @throws dev.credentials.PrototypeDefinitionException when a prototype is invalid or clashes
   */
  public Credentials build() {
    Startup.refuseProblems(this);
    built = true;
    Startup.applyDefaults(this);
    PrototypeRegistry registry = Startup.registry(this);
    Startup.refuseMissingKeys(this);
    return new Credentials(this, registry);
  }
}
