package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.CredentialBindings;
import dev.credentials.CredentialResolver;
import dev.credentials.CredentialStore;
import dev.credentials.ExpiryReminders;
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
import dev.credentials.core.internal.feed.ChangeFollower;
import dev.credentials.core.internal.launch.CheckRunner;
import dev.credentials.core.internal.launch.LaunchListeners;
import dev.credentials.core.internal.launch.LeasedChecks;
import dev.credentials.core.internal.launch.LiveChecks;
import dev.credentials.core.internal.launch.SharedDeferrals;
import dev.credentials.core.internal.launch.TwoPhaseLaunchGate;
import dev.credentials.core.internal.oauth2.LeasedRefreshFlights;
import dev.credentials.core.internal.oauth2.TokenRefresher;
import dev.credentials.core.internal.reminders.ReminderDispatcher;
import dev.credentials.core.internal.resolve.PlanResolver;
import dev.credentials.core.internal.resolve.Plans;
import dev.credentials.core.internal.resolve.RequirementEvaluator;
import dev.credentials.core.internal.resolve.TenantGenerations;
import dev.credentials.core.internal.source.SourceDirectory;
import dev.credentials.core.internal.source.WatchedSourceReader;
import dev.credentials.core.internal.store.SealedCredentialStore;
import dev.credentials.core.internal.store.VersionHistory;
import dev.credentials.core.internal.vault.Sealer;
import dev.credentials.core.internal.vault.ValueVault;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.spi.ChangeFeed;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.LaunchListener;
import dev.credentials.spi.Permission;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
  final TokenRefresher tokens;
  final ExpiryReminders reminders;
  private final ScheduledExecutorService reminderTask;
  private final AccessGuard guard;
  private final TenantGenerations generations;
  private final LiveChecks checks;
  private final ValueVault vault;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService tokenTask;
  private final Optional<ChangeFeed.Subscription> feed;
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
    // this engine's name in the leases it holds in the repository
    String engineId = "engine-" + UUID.randomUUID();

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
        new LiveChecks(
            registry,
            vault,
            runner,
            writes,
            listeners,
            clock,
            b.cacheSize,
            new LeasedChecks(repository, clock, b.checkTimeout, engineId));

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
            checks,
            generations,
            clock,
            b.defaultEnvironment,
            new VersionHistory(vault, b.historyDepth),
            sourced);
    TokenRefreshPolicy refresh = b.tokenRefresh;
    this.tokens =
        new TokenRefresher(
            registry,
            repository,
            vault,
            store,
            guard,
            writes,
            HttpClient.newBuilder()
                .connectTimeout(refresh.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(),
            refresh.requestTimeout(),
            new LeasedRefreshFlights(
                repository, clock, refresh.requestTimeout().multipliedBy(2), engineId),
            clock,
            refresh.lead(),
            refresh.leadPercent());
    this.tokenTask = refresh.interval().isZero() ? null : background(tokens, refresh.interval());
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
            b.defaultEnvironment,
            tokens);
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
            clock,
            new SharedDeferrals(repository, b.cacheSize),
            tokens);
    this.audit = new ChainedAuditLog(guard, accesses, events.trail(), repository);
    this.keyManagement =
        new KeyManagement(sealer, writes, repository, generations, sourced::changed);
    this.guard = guard;
    this.generations = generations;
    this.checks = checks;
    // a change its source reports makes a sourced credential's cached check results stale too
    sourced.onChange(checks::forget);
    this.vault = vault;
    Optional<ChangeFeed> source =
        b.followChanges ? repository.changeFeed() : Optional.<ChangeFeed>empty();
    ChangeFollower follower =
        new ChangeFollower(
            generations,
            checks,
            vault,
            () -> Startup.registerImported(registry, repository),
            clients::invalidate,
            listeners,
            clock);
    this.feed = source.map(f -> f.subscribe(follower));
    this.health =
        new HealthProbe(
            repository,
            sealer,
            journal,
            mode,
            clock,
            () -> feed.map(sub -> FeedHealth.of(sub, follower, source.get())));

    // expiry reminders, sent by the host or on the engine's own schedule
    ReminderDispatcher dispatcher =
        new ReminderDispatcher(repository, writes, guard, listeners, clock, b.reminderLeadTimes);
    this.reminders = dispatcher;
    this.reminderTask = b.reminderInterval == null ? null : scheduleReminders(dispatcher, b);
  }

  private static ScheduledExecutorService scheduleReminders(
      ReminderDispatcher dispatcher, CredentialsBuilder b) {
    ScheduledExecutorService task =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "credentials-reminders");
              t.setDaemon(true);
              return t;
            });
    long millis = b.reminderInterval.toMillis();
    task.scheduleWithFixedDelay(
        () -> {
          try {
            dispatcher.sendDue();
          } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Services.class)
                .warn("sending expiry reminders failed: {}", e.getClass().getName());
          }
        },
        0,
        Math.max(1, millis),
        TimeUnit.MILLISECONDS);
    return task;
  }

  /** The task that refreshes due tokens; one daemon thread, stopped with the checks. */
  private static ScheduledExecutorService background(TokenRefresher tokens, Duration interval) {
    ScheduledExecutorService task =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "credentials-token-refresh");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    task.scheduleWithFixedDelay(
        () -> {
          try {
            tokens.refreshDue();
          } catch (RuntimeException e) {
            // each failure is recorded and audited by the refresher; the task keeps running
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    return task;
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

  /** Stops following the change feed. */
  void stopFeed() {
    feed.ifPresent(ChangeFeed.Subscription::close);
  }

  /** Stops the check threads the engine owns (an executor the host supplied stays running). */
  void stopChecks() {
    if (tokenTask != null) {
      tokenTask.shutdownNow();
    }
    if (reminderTask != null) {
      reminderTask.shutdownNow();
    }
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
