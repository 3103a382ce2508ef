package dev.credentials.core.internal.launch;

import dev.credentials.CheckResult;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialState;
import dev.credentials.TenantId;
import dev.credentials.spi.CheckLog;
import dev.credentials.spi.CredentialRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live check per credential across every engine on a repository. Asked for a result this engine
 * does not hold, it first reuses the credential's latest logged result when it is still valid and
 * was taken no earlier than the credential's last change, whichever engine logged it; otherwise it
 * takes the credential's check lease ({@code check:<id>}) for the check timeout plus a grace, runs
 * the probe (which logs its result), and releases the lease. An engine that finds the lease held
 * polls for the logged result, and takes the lease over once it expires — an engine that died
 * holding it blocks the others no longer than the lease; the wait is bounded by the lease's length
 * on this engine's monotonic time, after which the credential counts as {@code UNAVAILABLE} for
 * this launch (not logged, TTL 0), as it does when the waiting thread is interrupted.
 *
 * <p>Only the path where this engine has no valid result of its own comes here: a warm launch never
 * reads the repository for its checks. When the repository fails, the probe runs without a lease
 * (each engine checks for itself until it recovers).
 */
public final class LeasedChecks {

  private static final Logger LOG = LoggerFactory.getLogger(LeasedChecks.class);
  private static final long FIRST_PAUSE_MILLIS = 5;
  private static final long LONGEST_PAUSE_MILLIS = 100;

  private final CredentialRepository repository;
  private final Clock clock;
  private final Duration lease;
  private final String owner;
  private final Map<TenantId, Instant> forgotten = new ConcurrentHashMap<>();

  /**
   * @param repository where results are logged and leases kept
   * @param clock the engine's clock: results' TTLs and leases' expiries are judged on it
   * @param checkTimeout how long a probe may take; the lease lasts this plus a grace of a second
   * @param owner this engine's id in the leases it holds
   */
  public LeasedChecks(
      CredentialRepository repository, Clock clock, Duration checkTimeout, String owner) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lease = checkTimeout.plusSeconds(1);
    this.owner = Objects.requireNonNull(owner, "owner");
  }

  /**
   * @return how long this engine holds a credential's check lease, and waits at most for another
   *     engine's result
   */
  public Duration leaseLength() {
    return lease;
  }

  /**
   * Stops reusing the results other engines logged for a tenant up to now: the next launch that
   * misses this engine's cache checks again.
   *
   * @param tenant the tenant
   */
  public void forget(TenantId tenant) {
    forgotten.put(tenant, clock.instant());
  }

  /** What one attempt found: a result to use, or the lease taken, or neither. */
  private record Attempt(CheckResult result, boolean leased) {}

  /**
   * A result for the credential: a fresh one logged by any engine, or the probe's run under the
   * credential's lease.
   *
   * @param m the credential, in the version this launch uses
   * @param probe runs the check and logs its result
   * @return the result
   */
  public CheckResult obtain(CredentialMetadata m, Supplier<CheckResult> probe) {
    String key = "check:" + m.id().value();
    long started = System.nanoTime();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      Attempt attempt;
      try {
        attempt = attempt(m, key);
      } catch (RuntimeException e) {
        LOG.warn(
            "could not coordinate the check of credential {} with other engines ({}); checking"
                + " without a lease",
            m.id(),
            e.getClass().getName());
        return probe.get();
      }
      if (attempt.result() != null) {
        return attempt.result();
      }
      if (attempt.leased()) {
        try {
          return probe.get();
        } finally {
          release(m, key);
        }
      }
      if (System.nanoTime() - started >= lease.toNanos() || !pause(pause)) {
        return new CheckResult(
            CredentialState.UNAVAILABLE,
            "another engine is checking this credential and has logged no result yet; launch"
                + " again later",
            clock.instant(),
            0,
            Map.of());
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
    }
  }

  private Attempt attempt(CredentialMetadata m, String key) {
    Optional<CheckResult> logged = repository.read(u -> fresh(m, u.checks()));
    if (logged.isPresent()) {
      return new Attempt(logged.get(), false);
    }
    return repository.inTransaction(
        u -> {
          Instant now = clock.instant();
          if (!u.leases().tryAcquire(m.tenant(), key, owner, now, now.plus(lease))) {
            return new Attempt(null, false);
          }
          // A holder logs its result before it releases: read again under the lease.
          Optional<CheckResult> again = fresh(m, u.checks());
          if (again.isPresent()) {
            u.leases().release(m.tenant(), key, owner);
            return new Attempt(again.get(), false);
          }
          return new Attempt(null, true);
        });
  }

  private Optional<CheckResult> fresh(CredentialMetadata m, CheckLog log) {
    CheckResult r = log.latest(m.tenant(), List.of(m.id())).get(m.id());
    if (r == null
        || r.ttlSeconds() <= 0
        || !r.checkedAt().isAfter(m.updatedAt())
        || !r.checkedAt().isAfter(forgotten.getOrDefault(m.tenant(), Instant.MIN))
        || !clock.instant().isBefore(r.validUntil())) {
      return Optional.empty();
    }
    return Optional.of(r);
  }

  private void release(CredentialMetadata m, String key) {
    try {
      repository.inTransaction(u -> u.leases().release(m.tenant(), key, owner));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not release the check lease of credential {} ({}); it lapses in {} ms",
          m.id(),
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
