package dev.credentials.spi;

import dev.credentials.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Named leases of one unit of work: at most one owner holds a (tenant, key) lease at a time, until
 * its expiry. Engines sharing one database use them so that only one of them does a piece of work
 * (a credential's live check, a token refresh) while the others wait for its result; an owner that
 * dies holding a lease blocks the others only until the lease expires.
 *
 * <p>Every instant is the caller's clock, passed in: repositories compare stored instants, never
 * their own time. Each method is atomic across every engine on the repository: two owners asking
 * for the same free lease at once get {@code true} once. Run each call in a unit of work of its own
 * (it commits when the work returns), so that other engines see it at once. Every method is scoped
 * by tenant.
 */
public interface Leases {

  /**
   * Takes a lease for an owner until an instant when it is free, has expired at {@code now}, or is
   * already the owner's (then it is renewed to {@code until}).
   *
   * @param tenant the tenant
   * @param key the lease's name (see {@link Lease#requireKey})
   * @param owner who takes it (see {@link Lease#requireOwner})
   * @param now the caller's time, against which an expiry is judged
   * @param until when the lease lapses; after {@code now}
   * @return whether {@code owner} now holds the lease until {@code until}
   * @throws IllegalArgumentException for a bad key or owner, or {@code until} not after {@code now}
   */
  boolean tryAcquire(TenantId tenant, String key, String owner, Instant now, Instant until);

  /**
   * Extends a lease its owner still holds at {@code now}.
   *
   * @param tenant the tenant
   * @param key the lease's name
   * @param owner its owner
   * @param now the caller's time
   * @param until the new expiry; after {@code now}
   * @return whether the lease was extended; {@code false} when it expired or another owner took it
   * @throws IllegalArgumentException for a bad key or owner, or {@code until} not after {@code now}
   */
  boolean renew(TenantId tenant, String key, String owner, Instant now, Instant until);

  /**
   * Gives a lease up if {@code owner} holds it; otherwise does nothing.
   *
   * @param tenant the tenant
   * @param key the lease's name
   * @param owner who gives it up
   * @return whether a lease of {@code owner} was removed
   */
  boolean release(TenantId tenant, String key, String owner);

  /**
   * The lease's holder, if any holds it at {@code now}.
   *
   * @param tenant the tenant
   * @param key the lease's name
   * @param now the caller's time
   * @return the unexpired lease, or empty when it is free or expired
   */
  Optional<Lease> holder(TenantId tenant, String key, Instant now);
}
