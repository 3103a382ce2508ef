package dev.credentials.core;

import dev.credentials.TenantId;
import dev.credentials.spi.Lease;
import dev.credentials.spi.Leases;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The leases of the in-memory repository: one map of (tenant, key) to lease, changed only inside
 * the repository's serialised units of work, which makes each call atomic.
 */
final class InMemoryLeases {

  private record Key(TenantId tenant, String key) {}

  private final Map<Key, Lease> leases = new HashMap<>();

  /**
   * @param tx the unit of work
   * @return its view of the leases
   */
  Leases part(InMemoryUnit tx) {
    return new Part(tx);
  }

  private final class Part implements Leases {
    private final InMemoryUnit tx;

    Part(InMemoryUnit tx) {
      this.tx = tx;
    }

    @Override
    public boolean tryAcquire(
        TenantId tenant, String key, String owner, Instant now, Instant until) {
      Lease wanted = Lease.requested(tenant, key, owner, now, until);
      tx.writing();
      Key k = new Key(tenant, key);
      Lease held = leases.get(k);
      if (held != null && !held.owner().equals(owner) && held.expiresAt().isAfter(now)) {
        return false;
      }
      put(k, wanted);
      return true;
    }

    @Override
    public boolean renew(TenantId tenant, String key, String owner, Instant now, Instant until) {
      Lease wanted = Lease.requested(tenant, key, owner, now, until);
      tx.writing();
      Key k = new Key(tenant, key);
      Lease held = leases.get(k);
      if (held == null || !held.owner().equals(owner) || !held.expiresAt().isAfter(now)) {
        return false;
      }
      put(k, wanted);
      return true;
    }

    @Override
    public boolean release(TenantId tenant, String key, String owner) {
      Objects.requireNonNull(tenant, "tenant");
      Lease.requireKey(key);
      Lease.requireOwner(owner);
      tx.writing();
      Key k = new Key(tenant, key);
      Lease held = leases.get(k);
      if (held == null || !held.owner().equals(owner)) {
        return false;
      }
      leases.remove(k);
      tx.onRollback(() -> leases.put(k, held));
      return true;
    }

    @Override
    public Optional<Lease> holder(TenantId tenant, String key, Instant now) {
      Objects.requireNonNull(tenant, "tenant");
      Lease.requireKey(key);
      Objects.requireNonNull(now, "now");
      tx.reading();
      Lease held = leases.get(new Key(tenant, key));
      return held != null && held.expiresAt().isAfter(now) ? Optional.of(held) : Optional.empty();
    }

    private void put(Key k, Lease lease) {
      Lease old = leases.put(k, lease);
      tx.onRollback(
          () -> {
            if (old == null) {
              leases.remove(k);
            } else {
              leases.put(k, old);
            }
          });
    }
  }
}
