package dev.credentials.spi;

import dev.credentials.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * The launch deferrals of one unit of work: per consumer, how many launches in a row were deferred
 * and since when, shared by every engine on the repository so that backoff and the deferral limits
 * hold across them. Every method is scoped by tenant.
 */
public interface DeferralRecords {

  /**
   * Counts one more deferral of a consumer, atomically across engines: two engines deferring at
   * once count two.
   *
   * @param tenant the tenant
   * @param consumerId the consumer
   * @param now when this deferral happens; it becomes {@link DeferralCount#first()} when the count
   *     starts
   * @return the count including this deferral
   */
  DeferralCount defer(TenantId tenant, String consumerId, Instant now);

  /**
   * @param tenant the tenant
   * @param consumerId the consumer
   * @return its current count, or empty when its last launch was not deferred
   */
  Optional<DeferralCount> find(TenantId tenant, String consumerId);

  /**
   * Ends a consumer's run of deferrals (a launch ran or was blocked).
   *
   * @param tenant the tenant
   * @param consumerId the consumer
   * @return whether a count was removed
   */
  boolean clear(TenantId tenant, String consumerId);
}
