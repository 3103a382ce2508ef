package dev.credentials.core.internal.feed;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.core.internal.launch.LaunchListeners;
import dev.credentials.core.internal.launch.LiveChecks;
import dev.credentials.core.internal.resolve.TenantGenerations;
import dev.credentials.core.internal.vault.ValueVault;
import dev.credentials.spi.Change;
import dev.credentials.spi.ChangeFeed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the changes committed by any engine on the repository to what this engine caches: a
 * credential's change makes its tenant's plans stale and drops its check results and plaintext; a
 * consumer's change makes its tenant's plans stale; tenant defaults drop everything of the tenant;
 * an import of prototypes registers them. When the feed may have missed changes, plans are not
 * cached at all until it resumes, so nothing stale is served meanwhile.
 */
public final class ChangeFollower implements ChangeFeed.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFollower.class);

  private final TenantGenerations generations;
  private final LiveChecks checks;
  private final ValueVault vault;
  private final Runnable reloadPrototypes;
  private final BiConsumer<TenantId, CredentialId> credentialChanged;
  private final LaunchListeners listeners;
  private final Clock clock;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong losses = new AtomicLong();
  private volatile String lastLoss;
  private volatile Instant lastLossAt;

  /**
   * @param generations the tenants' plan generations
   * @param checks the live-check results
   * @param vault the plaintext cache
   * @param reloadPrototypes registers the prototype documents stored in the repository
   * @param credentialChanged told of each changed credential (the host's shared clients)
   * @param listeners told when the feed is lost and resumed
   * @param clock the engine's clock
   */
  public ChangeFollower(
      TenantGenerations generations,
      LiveChecks checks,
      ValueVault vault,
      Runnable reloadPrototypes,
      BiConsumer<TenantId, CredentialId> credentialChanged,
      LaunchListeners listeners,
      Clock clock) {
    this.generations = generations;
    this.checks = checks;
    this.vault = vault;
    this.reloadPrototypes = reloadPrototypes;
    this.credentialChanged = credentialChanged;
    this.listeners = listeners;
    this.clock = clock;
  }

  @Override
  public void changed(List<Change> changes) {
    boolean prototypes = false;
    for (Change c : changes) {
      received.incrementAndGet();
      Optional<TenantId> tenant = c.tenant();
      switch (c.kind()) {
        case CREDENTIAL, KEYS -> {
          TenantId t = tenant.orElseThrow();
          generations.invalidate(t);
          c.subject().flatMap(ChangeFollower::credentialId).ifPresent(id -> forget(t, id));
        }
        case CONSUMER -> generations.invalidate(tenant.orElseThrow());
        case TENANT_DEFAULTS -> {
          TenantId t = tenant.orElseThrow();
          generations.invalidate(t);
          checks.forget(t);
          vault.forget(t);
        }
        case PROTOTYPES -> prototypes = true;
      }
    }
    if (prototypes) {
      reloadPrototypes.run();
      generations.invalidateAll();
    }
  }

  private void forget(TenantId tenant, CredentialId id) {
    checks.forget(tenant, id);
    vault.forget(tenant, id);
    credentialChanged.accept(tenant, id);
  }

  private static Optional<CredentialId> credentialId(String subject) {
    try {
      return Optional.of(new CredentialId(subject));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public void lost(String reason) {
    generations.suspend();
    losses.incrementAndGet();
    lastLoss = reason;
    lastLossAt = clock.instant();
    LOG.warn(
        "Credentials change feed lost ({}): every resolve and launch reads the repository until it"
            + " resumes",
        reason);
    listeners.changeFeedLost(reason);
  }

  @Override
  public void resumed() {
    try {
      reloadPrototypes.run();
    } catch (RuntimeException e) {
      LOG.warn("reloading imported prototypes failed: {}", e.getClass().getName());
    }
    generations.resume();
    LOG.info("Credentials change feed resumed; caching again");
    listeners.changeFeedResumed();
  }

  /**
   * @return the changes received so far
   */
  public long received() {
    return received.get();
  }

  /**
   * @return how often the feed was lost
   */
  public long losses() {
    return losses.get();
  }

  /**
   * @return why the feed was last lost, if it was
   */
  public Optional<String> lastLoss() {
    return Optional.ofNullable(lastLoss);
  }

  /**
   * @return when the feed was last lost, if it was
   */
  public Optional<Instant> lastLossAt() {
    return Optional.ofNullable(lastLossAt);
  }

  /**
   * @return true while plans are not cached because the feed may be missing changes
   */
  public boolean suspended() {
    return generations.suspended();
  }
}
