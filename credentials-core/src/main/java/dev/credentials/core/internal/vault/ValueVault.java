package dev.credentials.core.internal.vault;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credentials.Caller;
import dev.credentials.CredentialDecryptionException;
import dev.credentials.CredentialExpiredException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialInactiveException;
import dev.credentials.CredentialMetadata;
import dev.credentials.CredentialSourceException;
import dev.credentials.CredentialValidationException;
import dev.credentials.Secret;
import dev.credentials.TenantId;
import dev.credentials.core.internal.access.AccessKind;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.core.internal.source.WatchedSourceReader;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.StoredVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where values are sealed and opened. Opening checks that the credential may be used (active, not
 * expired) and audits every failure with its own reason; the optional plaintext cache (off unless
 * the host opts in) saves a decryption per credential on repeated resolves. A sourced credential's
 * values come from its source through the {@link WatchedSourceReader}, after the same checks.
 */
public final class ValueVault {

  private record ValueKey(TenantId tenant, CredentialId id, long version, String keyId) {}

  private final Sealer sealer;
  private final AuditedWrites writes;
  private final Clock clock;
  private final Cache<ValueKey, Map<String, Secret>> plaintext;
  private final WatchedSourceReader sourced;

  /**
   * @param sealer the cipher
   * @param writes where failed accesses are audited
   * @param clock the engine's clock, for expiry and the cache
   * @param cachePlaintext whether opened values are cached
   * @param ttl how long cached values live
   * @param maximumSize the most cached credentials
   * @param sourced where sourced credentials' values are read
   */
  public ValueVault(
      Sealer sealer,
      AuditedWrites writes,
      Clock clock,
      boolean cachePlaintext,
      Duration ttl,
      long maximumSize,
      WatchedSourceReader sourced) {
    this.sealer = sealer;
    this.sourced = sourced;
    this.writes = writes;
    this.clock = clock;
    this.plaintext =
        cachePlaintext
            ? Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(ttl)
                .maximumSize(maximumSize)
                .build()
            : null;
  }

  /**
   * Seals values with the primary key.
   *
   * @param tenant the credential's tenant
   * @param id the credential's id
   * @param values the values
   * @return the ciphertext and the key that sealed it
   */
  public Sealer.Sealed seal(TenantId tenant, CredentialId id, Map<String, Secret> values) {
    return sealer.sealWithPrimary(tenant, id, values);
  }

  /**
   * Opens a stored credential's values without the usability checks (an update merges into them).
   *
   * @param stored the credential
   * @return the values
   * @throws CredentialDecryptionException when they do not open
   */
  public Map<String, Secret> openForChange(StoredCredential stored) {
    CredentialMetadata m = stored.metadata();
    if (m.isSourced()) {
      return Map.of(); // a sourced credential stores no values
    }
    return sealer.open(m.tenant(), m.id(), m.keyId(), stored.sealedValues());
  }

  /**
   * Opens values at the clock's time; see {@link #open(Caller, StoredCredential, AccessKind,
   * Instant)}.
   *
   * @param caller who reads
   * @param stored the credential
   * @param kind why
   * @return the values
   */
  public Map<String, Secret> open(Caller caller, StoredCredential stored, AccessKind kind) {
    return open(caller, stored, kind, clock.instant());
  }

  /**
   * The checks before values leave the store: active, not expired, opens. Each failure is audited
   * and raised with its own type.
   *
   * @param caller who reads
   * @param stored the credential
   * @param kind why
   * @param now the instant expiry is judged at
   * @return the values
   * @throws CredentialInactiveException when the credential is inactive
   * @throws CredentialExpiredException when it has expired
   * @throws CredentialDecryptionException when its values do not open
   * @throws CredentialSourceException when a sourced credential's source cannot deliver
   * @throws CredentialValidationException when a source delivers values that break the prototype's
   *     rules
   */
  public Map<String, Secret> open(
      Caller caller, StoredCredential stored, AccessKind kind, Instant now) {
    CredentialMetadata m = stored.metadata();
    requireUsable(caller, m, kind, now);
    if (m.isSourced()) {
      return openSourced(caller, m);
    }
    try {
      return sealer.open(m.tenant(), m.id(), m.keyId(), stored.sealedValues());
    } catch (CredentialDecryptionException e) {
      throw writes.failedAccess(caller, m.id(), "cannot decrypt (key " + m.keyId() + ")", e);
    }
  }

  /**
   * Seals one version of a credential's values with the primary key.
   *
   * @param tenant the credential's tenant
   * @param id the credential's id
   * @param version the version
   * @param values the values
   * @return the ciphertext and the key that sealed it
   */
  public Sealer.Sealed sealVersion(
      TenantId tenant, CredentialId id, long version, Map<String, Secret> values) {
    return sealer.sealVersionWithPrimary(tenant, id, version, values);
  }

  /**
   * Opens one version of a credential's values without the usability checks (a rollback restores
   * them).
   *
   * @param v the version
   * @return the values
   * @throws CredentialDecryptionException when they do not open
   */
  public Map<String, Secret> openVersionForChange(StoredVersion v) {
    return sealer.openVersion(
        v.tenant(), v.credentialId(), v.version(), v.keyId(), v.sealedValues());
  }

  /**
   * Opens one version of a credential's values after the same checks as {@link #open(Caller,
   * StoredCredential, AccessKind, Instant)} on the credential as it is now.
   *
   * @param caller who reads
   * @param current the credential's current metadata
   * @param v the version
   * @param kind why
   * @param now the instant expiry is judged at
   * @return the values
   */
  public Map<String, Secret> openVersion(
      Caller caller, CredentialMetadata current, StoredVersion v, AccessKind kind, Instant now) {
    requireUsable(caller, current, kind, now);
    try {
      return openVersionForChange(v);
    } catch (CredentialDecryptionException e) {
      throw writes.failedAccess(
          caller,
          current.id(),
          "cannot decrypt version " + v.version() + " (key " + v.keyId() + ")",
          e);
    }
  }

  private void requireUsable(Caller caller, CredentialMetadata m, AccessKind kind, Instant now) {
    if (!m.active()) {
      throw writes.failedAccess(
          caller,
          m.id(),
          "inactive",
          new CredentialInactiveException(
              "credential '"
                  + m.name()
                  + "' ("
                  + m.id()
                  + ") is inactive; activate it with an update before you "
                  + kind.label()
                  + " it"));
    }
    if (m.isExpiredAt(now)) {
      throw writes.failedAccess(
          caller,
          m.id(),
          "expired",
          new CredentialExpiredException(
              "credential '"
                  + m.name()
                  + "' ("
                  + m.id()
                  + ") expired at "
                  + m.expiresAt().orElseThrow()
                  + "; renew its values and set a new expiry"));
    }
  }

  private Map<String, Secret> openSourced(Caller caller, CredentialMetadata m) {
    String where = WatchedSourceReader.describe(m.source().orElseThrow());
    try {
      return sourced.read(m);
    } catch (CredentialSourceException e) {
      throw writes.failedAccess(
          caller, m.id(), "source " + where + " cannot deliver (" + e.reason() + ")", e);
    } catch (CredentialValidationException e) {
      throw writes.failedAccess(
          caller, m.id(), "values from source " + where + " break the prototype's rules", e);
    }
  }

  /**
   * Forgets the plaintext cached for a tenant (nothing when the cache is off).
   *
   * @param tenant the tenant
   */
  public void forget(TenantId tenant) {
    if (plaintext != null) {
      plaintext.asMap().keySet().removeIf(k -> k.tenant().equals(tenant));
    }
    sourced.forget(tenant);
  }

  /**
   * Forgets the plaintext cached for one credential (nothing when the cache is off).
   *
   * @param tenant the tenant
   * @param id the credential
   */
  public void forget(TenantId tenant, CredentialId id) {
    if (plaintext != null) {
      plaintext.asMap().keySet().removeIf(k -> k.tenant().equals(tenant) && k.id().equals(id));
    }
  }

  /**
   * As {@link #open(Caller, StoredCredential, AccessKind, Instant)}, served from the plaintext
   * cache when the host enabled it and the credential is still usable.
   *
   * @param caller who reads
   * @param stored the credential
   * @param kind why
   * @param now the instant expiry is judged at
   * @return the values
   */
  public Map<String, Secret> openCached(
      Caller caller, StoredCredential stored, AccessKind kind, Instant now) {
    if (plaintext == null || stored.metadata().isSourced()) {
      return open(caller, stored, kind, now); // sourced values have their own cache
    }
    ValueKey key = valueKey(stored);
    Map<String, Secret> cached = plaintext.getIfPresent(key);
    if (cached != null && stored.metadata().active() && !stored.metadata().isExpiredAt(now)) {
      return cached;
    }
    Map<String, Secret> values = open(caller, stored, kind, now);
    plaintext.put(key, values);
    return values;
  }

  private static ValueKey valueKey(StoredCredential s) {
    return new ValueKey(
        s.metadata().tenant(), s.metadata().id(), s.metadata().version(), s.metadata().keyId());
  }
}
