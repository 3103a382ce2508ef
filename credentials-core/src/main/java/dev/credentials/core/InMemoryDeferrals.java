package dev.credentials.core;

import dev.credentials.TenantId;
import dev.credentials.spi.DeferralCount;
import dev.credentials.spi.DeferralRecords;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The launch deferrals of the in-memory repository: one map of (tenant, consumer) to count, changed
 * only inside the repository's serialised units of work.
 */
final class InMemoryDeferrals {

  private record Key(TenantId tenant, String consumerId) {}

  private final Map<Key, DeferralCount> counts = new HashMap<>();

  /**
   * @param tx the unit of work
   * @return its view of the deferrals
   */
  DeferralRecords part(InMemoryUnit tx) {
    return new Part(tx);
  }

  private final class Part implements DeferralRecords {
    private final InMemoryUnit tx;

    Part(InMemoryUnit tx) {
      this.tx = tx;
    }

    @Override
    public DeferralCount defer(TenantId tenant, String consumerId, Instant now) {
      Key k = key(tenant, consumerId);
      Objects.requireNonNull(now, "now");
      tx.writing();
      DeferralCount old = counts.get(k);
      DeferralCount next =
          old == null ? new DeferralCount(1, now) : new DeferralCount(old.count() + 1, old.first());
      counts.put(k, next);
      tx.onRollback(
          () -> {
            if (old == null) {
              counts.remove(k);
            } else {
              counts.put(k, old);
            }
          });
      return next;
    }

    @Override
    public Optional<DeferralCount> find(TenantId tenant, String consumerId) {
      Key k = key(tenant, consumerId);
      tx.reading();
      return Optional.ofNullable(counts.get(k));
    }

    @Override
    public boolean clear(TenantId tenant, String consumerId) {
      Key k = key(tenant, consumerId);
      tx.writing();
      DeferralCount old = counts.remove(k);
      if (old == null) {
        return false;
      }
      tx.onRollback(() -> counts.put(k, old));
      return true;
    }
  }

  private static Key key(TenantId tenant, String consumerId) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(consumerId, "consumerId");
    return new Key(tenant, consumerId);
  }
}
