package dev.credentials.core.internal.resolve;

import dev.credentials.TenantId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter per tenant, bumped by every change that affects a resolve: a cached plan loaded at an
 * older generation is stale. Invalidation is O(1) and exact within this process.
 */
public final class TenantGenerations {

  private final Map<TenantId, AtomicLong> generations = new ConcurrentHashMap<>();

  /** No tenant has changed yet. */
  public TenantGenerations() {}

  /**
   * Marks a tenant's cached plans stale.
   *
   * @param tenant the tenant that changed
   */
  public void invalidate(TenantId tenant) {
    generations.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
  }

  /**
   * @param tenant a tenant
   * @return its current generation
   */
  public long generation(TenantId tenant) {
    AtomicLong g = generations.get(tenant);
    return g == null ? 0 : g.get();
  }
}
