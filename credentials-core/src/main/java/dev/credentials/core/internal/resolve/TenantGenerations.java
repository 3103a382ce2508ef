package dev.credentials.core.internal.resolve;

import dev.credentials.TenantId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter per tenant, bumped by every change that affects a resolve: a cached plan loaded at an
 * older generation is stale. Invalidation is O(1) and exact within this process; changes of other
 * engines arrive through the change feed, which bumps the same counters. While the feed may be
 * missing changes ({@link #suspend()}) no generation repeats, so no cached plan is served.
 */
public final class TenantGenerations {

  private final Map<TenantId, AtomicLong> generations = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();
  private final AtomicLong uncached = new AtomicLong();
  private volatile boolean suspended;

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

  /** Marks every tenant's cached plans stale. */
  public void invalidateAll() {
    epoch.incrementAndGet();
  }

  /**
   * Stops caching: every tenant's plans are stale now and every later {@link #generation} differs
   * from all before it, until {@link #resume()}.
   */
  public void suspend() {
    suspended = true;
    epoch.incrementAndGet();
  }

  /** Caches again, from a fresh start: every plan cached before is stale. */
  public void resume() {
    epoch.incrementAndGet();
    suspended = false;
  }

  /**
   * @return true between {@link #suspend()} and {@link #resume()}
   */
  public boolean suspended() {
    return suspended;
  }

  /**
   * @param tenant a tenant
   * @return its current generation; while suspended a negative number no other call returns
   */
  public long generation(TenantId tenant) {
    if (suspended) {
      return -uncached.incrementAndGet();
    }
    AtomicLong g = generations.get(tenant);
    return (g == null ? 0 : g.get()) + epoch.get();
  }
}
