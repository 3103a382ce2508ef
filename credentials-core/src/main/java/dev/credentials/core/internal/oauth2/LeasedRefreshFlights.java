package dev.credentials.core.internal.oauth2;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import dev.credentials.spi.CredentialRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refresh in flight per credential across every engine on a repository. Within the engine the
 * callers share one flight ({@link InProcessRefreshFlights}); its leader then takes the
 * credential's refresh lease in the repository before it runs the refresh. An engine that finds the
 * lease held waits until it is given up (or lapses) and then runs the refresh, which reads the
 * stored credential first and so finds the token the other engine stored instead of calling the
 * token endpoint again.
 *
 * <p>When the repository cannot be asked (it is down), the refresh runs without a lease: a second
 * call to the token endpoint is better than no token. A lease outlives a dead holder only by its
 * length.
 */
public final class LeasedRefreshFlights implements RefreshFlights {

  private static final Logger LOG = LoggerFactory.getLogger(LeasedRefreshFlights.class);
  private static final long FIRST_PAUSE_MILLIS = 10;
  private static final long LONGEST_PAUSE_MILLIS = 200;

  private final RefreshFlights local = new InProcessRefreshFlights();
  private final CredentialRepository repository;
  private final Clock clock;
  private final Duration lease;
  private final String owner;

  /**
   * @param repository where the leases are kept
   * @param clock the engine's clock, which dates the leases
   * @param lease how long a refresh may hold the lease (longer than the token request's timeout)
   * @param owner this engine's id in the leases it holds
   */
  public LeasedRefreshFlights(
      CredentialRepository repository, Clock clock, Duration lease, String owner) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.owner = Objects.requireNonNull(owner, "owner");
  }

  @Override
  public <T> T single(TenantId tenant, CredentialId id, Supplier<T> refresh) {
    return local.single(tenant, id, () -> leased(tenant, id, refresh));
  }

  private <T> T leased(TenantId tenant, CredentialId id, Supplier<T> refresh) {
    String key = "oauth2-refresh:" + id.value();
    long started = System.nanoTime();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      boolean taken;
      try {
        taken =
            repository.inTransaction(
                u -> {
                  Instant now = clock.instant();
                  return u.leases().tryAcquire(tenant, key, owner, now, now.plus(lease));
                });
      } catch (RuntimeException e) {
        LOG.warn(
            "could not coordinate the token refresh of credential {} with other engines ({});"
                + " refreshing without a lease",
            id,
            e.getClass().getName());
        return refresh.get();
      }
      if (taken) {
        try {
          return refresh.get();
        } finally {
          release(tenant, id, key);
        }
      }
      // Another engine refreshes: once it gives the lease up, the refresh finds its token stored.
      if (System.nanoTime() - started >= lease.toNanos() || !pause(pause)) {
        return refresh.get();
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
    }
  }

  private void release(TenantId tenant, CredentialId id, String key) {
    try {
      repository.inTransaction(u -> u.leases().release(tenant, key, owner));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not release the refresh lease of credential {} ({}); it lapses in {} ms",
          id,
          e.getClass().getName(),
          lease.toMillis());
    }
  }

  /** Waits a little; false when interrupted (the flag stays set, and the wait ends). */
  private static boolean pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
