package dev.credentials.spi;

import dev.credentials.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A lease as a repository holds it: who holds the named lease of a tenant, and until when.
 *
 * @param tenant the tenant
 * @param key the lease's name within the tenant
 * @param owner who holds it (an engine's or a process's id, never a secret)
 * @param expiresAt when it lapses unless renewed; from then on anyone may take it
 */
public record Lease(TenantId tenant, String key, String owner, Instant expiresAt) {

  /** The longest lease key a repository must store. */
  public static final int MAX_KEY_LENGTH = 200;

  /** The longest owner id a repository must store. */
  public static final int MAX_OWNER_LENGTH = 100;

  /** Checks every component; see {@link #requireKey} and {@link #requireOwner}. */
  public Lease {
    Objects.requireNonNull(tenant, "tenant");
    requireKey(key);
    requireOwner(owner);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Checks a lease key: not blank, at most {@link #MAX_KEY_LENGTH} characters.
   *
   * @param key the key
   * @return the key
   * @throws IllegalArgumentException naming the argument and its limits
   */
  public static String requireKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "lease key must be 1 to " + MAX_KEY_LENGTH + " characters and not blank");
    }
    return key;
  }

  /**
   * Checks the arguments of a request for a lease until an instant: key, owner, and an expiry after
   * the caller's time.
   *
   * @param tenant the tenant
   * @param key the key
   * @param owner the owner
   * @param now the caller's time
   * @param until the wanted expiry
   * @return the lease the request asks for
   * @throws IllegalArgumentException naming the bad argument
   */
  public static Lease requested(
      TenantId tenant, String key, String owner, Instant now, Instant until) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(until, "until");
    if (!until.isAfter(now)) {
      throw new IllegalArgumentException(
          "lease 'until' must be after 'now'; pass an expiry in the future");
    }
    return new Lease(tenant, key, owner, until);
  }

  /**
   * Checks a lease owner: not blank, at most {@link #MAX_OWNER_LENGTH} characters.
   *
   * @param owner the owner
   * @return the owner
   * @throws IllegalArgumentException naming the argument and its limits
   */
  public static String requireOwner(String owner) {
    Objects.requireNonNull(owner, "owner");
    if (owner.isBlank() || owner.length() > MAX_OWNER_LENGTH) {
      throw new IllegalArgumentException(
          "lease owner must be 1 to " + MAX_OWNER_LENGTH + " characters and not blank");
    }
    return owner;
  }
}
