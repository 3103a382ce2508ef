package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.CredentialBindings;
import dev.credentials.CredentialResolver;
import dev.credentials.CredentialStore;
import dev.credentials.LaunchGate;
import dev.credentials.audit.AuditLog;
import dev.credentials.core.internal.access.AccessGuard;
import dev.credentials.core.internal.audit.AccessJournal;
import dev.credentials.core.internal.audit.AccessLog;
import dev.credentials.core.internal.audit.AuditTrail;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.audit.EventWriter;
import dev.credentials.core.internal.auditlog.ChainedAuditLog;
import dev.credentials.core.internal.bindings.ConsumerBindings;
import dev.credentials.core.internal.launch.CheckRunner;
import dev.credentials.core.internal.launch.LaunchListeners;
import dev.credentials.core.internal.launch.LiveChecks;
import dev.credentials.core.internal.launch.TwoPhaseLaunchGate;
import dev.credentials.core.internal.resolve.PlanResolver;
import dev.credentials.core.internal.resolve.Plans;
import dev.credentials.core.internal.resolve.RequirementEvaluator;
import dev.credentials.core.internal.resolve.TenantGenerations;
import dev.credentials.core.internal.source.SourceDirectory;
import dev.credentials.core.internal.source.WatchedSourceReader;
import dev.credentials.core.internal.store.SealedCredentialStore;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.core.internal.vault.ValueVault;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.LaunchListener;
import dev.credentials.spi.Permission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's services, wired once from a validated configuration. Each service receives exactly
 * the services it calls; who calls whom is drawn in {@code docs/architecture.md}.
 */
final class Services {

  final CredentialRepository repository;
  final PrototypeCatalog catalog;
  final Clock clock;
  final AccessLog accesses;
  final CredentialStore store;
  final CredentialBindings bindings;
  final LaunchGate gate;
  final CredentialResolver resolver;
  final AuditLog audit;
  final KeyManagement keyManagement;
  final HealthProbe health;
  private final AccessGuard guard;
  private final TenantGenerations generations;
  private final LiveChecks checks;
  private final ValueVault vault;
  private final ExecutorService ownedExecutor;
  final WatchedSourceReader sourced;
  final SharedClients clients;

  Services(CredentialsBuilder b, PrototypeRegistry registry) {
    this.repository = b.repository;
    this.catalog = new RegistryCatalog(registry);
    this.clock = b.clock;
    List<LaunchListener> listenerList = new ArrayList<>(b.listeners);
    if (b.slf4jReporter) {
      listenerList.add(0, new Slf4jLaunchReporter());
    }
    LaunchListeners listeners = new LaunchListeners(listenerList);

    // audit: the journal and the writes sit on one event writer
    EventWriter events = new EventWriter(repository, new AuditTrail(clock), b.sinks);
    AccessAudit mode = b.accessAudit;
    AccessJournal journal =
        new AccessJournal(
            events, mode.isBatched(), mode.maxDelay(), mode.maxBatch(), mode.capacity());
    this.accesses = journal;
    AuditedWrites writes = new AuditedWrites(accesses, events);
    AccessGuard guard = new AccessGuard(b.policy, writes);

    // values
    Sealer sealer = new Sealer(b.keys, b.keys.aead());
    this.sourced =
        new WatchedSourceReader(
            SourceDirectory.load(
                b.sources,
                b.discoverSources,
                b.classLoader != null ? b.classLoader : Credentials.class.getClassLoader()),
            registry,
            clock,
            b.cachePlaintext,
            b.cacheTtl,
            b.cacheSize);
    this.clients = SharedClients.create();
    sourced.onChange(clients::invalidate);
    ValueVault vault =
        new ValueVault(sealer, writes, clock, b.cachePlaintext, b.cacheTtl, b.cacheSize, sourced);
    TenantGenerations generations = new TenantGenerations();

    // checks
    ExecutorService executor = b.checkExecutor;
    this.ownedExecutor = executor == null ? Executors.newCachedThreadPool(daemonThreads()) : null;
    CheckRunner runner =
        new CheckRunner(
            executor != null ? executor : ownedExecutor,
            b.maxConcurrentChecks,
            b.checkTimeout,
            clock);
    LiveChecks checks =
        new LiveChecks(registry, vault, runner, writes, listeners, clock, b.cacheSize);

    // the public services
    this.store =
        new SealedCredentialStore(
            guard,
            writes,
            vault,
            accesses,
            repository,
            registry,
            runner,
            generations,
            clock,
            b.defaultEnvironment,
            sourced);
    Plans plans = new Plans(repository, generations, clock, b.cacheTtl, b.cacheSize);
    RequirementEvaluator evaluator = new RequirementEvaluator(registry, b.fallback);
    this.bindings =
        new ConsumerBindings(
            guard, writes, repository, registry, evaluator, checks, generations, clock);
    PlanResolver planResolver =
        new PlanResolver(
            guard,
            plans,
            evaluator,
            vault,
            accesses,
            writes,
            repository,
            clock,
            b.defaultEnvironment);
    this.resolver = planResolver;
    this.gate =
        new TwoPhaseLaunchGate(
            guard,
            plans,
            evaluator,
            checks,
            planResolver,
            b.deferrals,
            listeners,
            repository,
            clock);
    this.audit = new ChainedAuditLog(guard, accesses, events.trail(), repository);
    this.keyManagement =
        new KeyManagement(sealer, writes, repository, generations, sourced::changed);
    this.guard = guard;
    this.generations = generations;
    this.checks = checks;
    this.vault = vault;
    this.health = new HealthProbe(repository, sealer, journal, mode, clock);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "credentials-check-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Drops what this engine caches for the caller's tenant, after the policy's MANAGE check. */
  void clearCaches(Caller caller) {
    guard.require(caller, Permission.MANAGE, "clear the caches", Optional.empty());
    generations.invalidate(caller.tenant());
    checks.forget(caller.tenant());
    vault.forget(caller.tenant());
  }

  /** Stops the check threads the engine owns (an executor the host supplied stays running). */
  void stopChecks() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
      try {
        ownedExecutor.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
