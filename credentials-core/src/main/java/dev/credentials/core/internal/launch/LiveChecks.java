package dev.credentials.core.internal.launch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.Caller;
import dev.credentials.CheckContext;
import dev.credentials.CheckResult;
import dev.credentials.CheckableCredential;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.access.AccessKind;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.vault.ValueVault;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.spi.CheckObservation;
import dev.credentials.spi.StoredCredential;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live availability checks with a result cache per credential and version (for each result's own
 * TTL, measured on the engine's clock) and exactly one check in flight per credential, however many
 * launches ask at once; a result this process does not hold comes through {@link LeasedChecks}, one
 * check in flight across every engine on the repository.
 */
public final class LiveChecks {

  private static final Logger LOG = LoggerFactory.getLogger(LiveChecks.class);

  private record Key(TenantId tenant, CredentialId id, long version) {}

  private final PrototypeRegistry registry;
  private final ValueVault vault;
  private final CheckRunner runner;
  private final AuditedWrites writes;
  private final LaunchListeners listeners;
  private final Clock clock;
  private final LeasedChecks leased;
  private final Cache<Key, CheckResult> results;
  private final Map<Key, CheckResult> lastKnown = new ConcurrentHashMap<>();
  private final Map<Key, CompletableFuture<CheckResult>> inFlight = new ConcurrentHashMap<>();

  /**
   * @param registry the prototypes, for their checks
   * @param vault where values are opened for a check
   * @param runner how checks run
   * @param writes where results are logged and non-available ones audited
   * @param listeners who hears of non-available results
   * @param clock the engine's clock
   * @param maximumSize the most cached results
   * @param leased where a result this process does not hold is looked up among other engines', or
   *     checked under the credential's lease
   */
  public LiveChecks(
      PrototypeRegistry registry,
      ValueVault vault,
      CheckRunner runner,
      AuditedWrites writes,
      LaunchListeners listeners,
      Clock clock,
      long maximumSize,
      LeasedChecks leased) {
    this.registry = registry;
    this.vault = vault;
    this.runner = runner;
    this.writes = writes;
    this.listeners = listeners;
    this.clock = clock;
    this.leased = leased;
    this.results = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /**
   * Forgets every check result of a tenant held in this process: the next launch checks again.
   *
   * @param tenant the tenant
   */
  public void forget(TenantId tenant) {
    results.asMap().keySet().removeIf(k -> k.tenant().equals(tenant));
    lastKnown.keySet().removeIf(k -> k.tenant().equals(tenant));
    leased.forget(tenant);
  }

  /**
   * Forgets every check result of one credential held in this process.
   *
   * @param tenant the tenant
   * @param id the credential
   */
  public void forget(TenantId tenant, dev.credentials.CredentialId id) {
    results.asMap().keySet().removeIf(k -> k.tenant().equals(tenant) && k.id().equals(id));
    lastKnown.keySet().removeIf(k -> k.tenant().equals(tenant) && k.id().equals(id));
  }

  /**
   * The last result seen in this process for this version of the credential, fresh or not.
   *
   * @param m the credential
   * @return the result, or empty
   */
  public Optional<CheckResult> lastKnown(CredentialMetadata m) {
    return Optional.ofNullable(lastKnown.get(key(m)));
  }

  private static Key key(CredentialMetadata m) {
    return new Key(m.tenant(), m.id(), m.version());
  }

  /**
   * The current result for a credential: cached while valid, otherwise checked now.
   *
   * @param caller who launches
   * @param stored the credential
   * @return the result
   */
  public CheckResult current(Caller caller, StoredCredential stored) {
    CredentialMetadata m = stored.metadata();
    Optional<CheckableCredential> check = registry.check(m.prototype());
    if (check.isEmpty()) {
      return noCheck(m);
    }
    Key key = key(m);
    CheckResult cached = valid(key);
    if (cached != null) {
      return cached;
    }
    CompletableFuture<CheckResult> mine = new CompletableFuture<>();
    CompletableFuture<CheckResult> leader = inFlight.putIfAbsent(key, mine);
    if (leader != null) {
      return leader.join();
    }
    try {
      CheckResult result = valid(key);
      if (result == null) {
        result = leased.obtain(m, () -> runFresh(caller, stored, check.get(), false));
        lastKnown.put(key, result);
        if (result.ttlSeconds() > 0) {
          results.put(key, result);
        }
      }
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /**
   * Checks a credential now, whatever is cached (an administrator's on-demand check): the result
   * replaces the cached one and is logged and audited whatever its state.
   *
   * @param caller who asks
   * @param stored the credential
   * @return the result; {@code UNKNOWN} when its prototype has no check
   */
  public CheckResult refresh(Caller caller, StoredCredential stored) {
    CredentialMetadata m = stored.metadata();
    Optional<CheckableCredential> check = registry.check(m.prototype());
    if (check.isEmpty()) {
      CheckResult none = noCheck(m);
      record(caller, m, none, true);
      return none;
    }
    CheckResult result = runFresh(caller, stored, check.get(), true);
    if (result.ttlSeconds() > 0) {
      results.put(key(m), result);
    } else {
      results.invalidate(key(m));
    }
    return result;
  }

  private CheckResult noCheck(CredentialMetadata m) {
    return new CheckResult(
        CredentialState.UNKNOWN,
        "prototype " + m.prototype() + " has no live check",
        clock.instant(),
        0,
        Map.of());
  }

  private CheckResult valid(Key key) {
    CheckResult r = results.getIfPresent(key);
    if (r != null && clock.instant().isBefore(r.validUntil())) {
      return r;
    }
    return null;
  }

  private CheckResult runFresh(
      Caller caller, StoredCredential stored, CheckableCredential check, boolean onDemand) {
    CredentialMetadata m = stored.metadata();
    Map<String, Secret> values = vault.open(caller, stored, AccessKind.CHECK);
    long started = System.nanoTime();
    CheckResult result =
        runner.run(
            "live check of credential " + m.id(),
            check::check,
            new CheckContext(m, values, clock, runner.timeout()));
    lastKnown.put(key(m), result);
    record(caller, m, result, onDemand);
    listeners.checked(
        new CheckObservation(
            m.tenant(), m, m.prototype(), result, Duration.ofNanos(System.nanoTime() - started)));
    return result;
  }

  private void record(Caller caller, CredentialMetadata m, CheckResult result, boolean onDemand) {
    boolean problem = !result.state().allowsRun();
    boolean audited = problem || onDemand;
    try {
      writes.write(
          caller,
          w -> {
            w.uow().checks().append(m.tenant(), m.id(), result);
            if (audited) {
              Map<String, String> details = new LinkedHashMap<>();
              details.put("state", result.state().name());
              details.put("message", result.message());
              if (onDemand) {
                details.put("trigger", "on-demand");
              }
              w.audit(AuditAction.CHECKED, Optional.of(m.id()), Optional.empty(), details);
            }
            return null;
          });
    } catch (RuntimeException e) {
      // The audit must be written for a non-available result: fail closed by propagating.
      if (audited) {
        throw e;
      }
      LOG.warn("could not log check result of credential {}: {}", m.id(), e.getClass().getName());
    }
    if (problem) {
      listeners.nonAvailable(m.tenant(), m, result);
    }
  }
}
