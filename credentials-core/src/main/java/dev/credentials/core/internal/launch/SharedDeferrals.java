package dev.credentials.core.internal.launch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.CheckResult;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.DeferralCount;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consecutive launch deferrals per consumer, counted in the repository so that backoff and the
 * deferral limits hold across every engine on it.
 *
 * <p>A RUN ends a consumer's run of deferrals. To keep the repository off the warm launch path, a
 * RUN clears the shared count only when its cached check results differ from those of this engine's
 * previous RUN of the consumer (or this engine deferred it since): a deferral anywhere needs a
 * non-available result, which reaches this engine's cache no later than its cached results expire.
 */
public final class SharedDeferrals {

  private static final Logger LOG = LoggerFactory.getLogger(SharedDeferrals.class);

  private record ConsumerKey(TenantId tenant, String consumerId) {}

  private final CredentialRepository repository;
  private final Cache<ConsumerKey, Map<Topic, CheckResult>> lastRun;

  /**
   * @param repository where the counts are kept
   * @param maximumSize the most consumers whose last RUN's results this engine remembers
   */
  public SharedDeferrals(CredentialRepository repository, long maximumSize) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.lastRun = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /**
   * Counts one more deferral of a consumer.
   *
   * @param tenant the tenant
   * @param consumerId the consumer
   * @param now when
   * @return the count across engines, including this one
   */
  public DeferralCount deferred(TenantId tenant, String consumerId, Instant now) {
    ConsumerKey key = new ConsumerKey(tenant, consumerId);
    lastRun.invalidate(key);
    return repository.inTransaction(u -> u.deferrals().defer(tenant, consumerId, now));
  }

  /**
   * Ends a consumer's deferrals because it was blocked.
   *
   * @param tenant the tenant
   * @param consumerId the consumer
   */
  public void blocked(TenantId tenant, String consumerId) {
    lastRun.invalidate(new ConsumerKey(tenant, consumerId));
    clear(tenant, consumerId);
  }

  /**
   * Ends a consumer's deferrals because it runs, unless this engine's previous RUN of it had the
   * same cached results.
   *
   * @param tenant the tenant
   * @param consumerId the consumer
   * @param results the check results the RUN was decided on
   */
  public void ran(TenantId tenant, String consumerId, Map<Topic, CheckResult> results) {
    ConsumerKey key = new ConsumerKey(tenant, consumerId);
    Map<Topic, CheckResult> cached = new LinkedHashMap<>();
    results.forEach(
        (topic, r) -> {
          if (r.ttlSeconds() > 0) {
            cached.put(topic, r);
          }
        });
    if (cached.equals(lastRun.getIfPresent(key))) {
      return;
    }
    clear(tenant, consumerId);
    lastRun.put(key, Map.copyOf(cached));
  }

  private void clear(TenantId tenant, String consumerId) {
    try {
      repository.inTransaction(u -> u.deferrals().clear(tenant, consumerId));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not reset the deferral count of consumer {} ({}); the next deferral continues it",
          consumerId,
          e.getClass().getName());
    }
  }
}
