package dev.credentials.spi;

import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The credential rows of one unit of work: sealed values and metadata. Every method but the two
 * key-rotation reads is scoped by tenant.
 */
public interface CredentialRecords {

  /**
   * Inserts a new credential.
   *
   * @param credential the credential
   * @throws dev.credentials.DuplicateCredentialException when (tenant, name, environment) or the id
   *     is taken
   */
  void insert(StoredCredential credential);

  /**
   * Replaces a credential if its stored version equals {@code expectedVersion}. The new metadata
   * carries the new version.
   *
   * @param credential the new state
   * @param expectedVersion the version the change was based on
   * @throws dev.credentials.ConcurrentCredentialModificationException when the stored version
   *     differs or the credential is gone
   * @throws dev.credentials.DuplicateCredentialException when the new (name, environment) is taken
   */
  void update(StoredCredential credential, long expectedVersion);

  /**
   * Securely deletes a credential: overwrites its sealed value, then removes it with its bindings
   * and check results. Audit events stay.
   *
   * @param tenant the tenant
   * @param id the id
   * @return true if it existed
   */
  boolean delete(TenantId tenant, CredentialId id);

  /**
   * @param tenant the tenant
   * @param id the id
   * @return the credential, or empty
   */
  Optional<StoredCredential> find(TenantId tenant, CredentialId id);

  /**
   * Credentials by id, in one round trip.
   *
   * @param tenant the tenant
   * @param ids the ids
   * @return the found credentials by id; absent ids are missing from the map
   */
  Map<CredentialId, StoredCredential> findAll(TenantId tenant, Collection<CredentialId> ids);

  /**
   * @param tenant the tenant
   * @param name the name
   * @param environment the environment
   * @return the credential, or empty
   */
  Optional<StoredCredential> findByName(TenantId tenant, String name, String environment);

  /**
   * Lists metadata-filtered credentials ordered by name, environment, id.
   *
   * @param tenant the tenant
   * @param query the filters
   * @param page the page
   * @return the page
   */
  Page<StoredCredential> list(TenantId tenant, CredentialQuery query, PageRequest page);

  /**
   * Credentials of any of the given prototypes, ordered by name, environment, id.
   *
   * @param tenant the tenant
   * @param prototypeCodes the prototype codes
   * @return the credentials
   */
  List<StoredCredential> ofPrototypes(TenantId tenant, Set<String> prototypeCodes);

  /**
   * The first {@code limit} usable candidates for a binding: active credentials of any of the given
   * prototypes that have not expired at {@code now}, ordered by name, environment, id. Phase-1
   * status calls this for every unbound requirement, so repositories should answer it from an index
   * (the default filters {@link #ofPrototypes} and suits small tenants only).
   *
   * @param tenant the tenant
   * @param prototypeCodes the prototype codes
   * @param now the instant expiry is judged at
   * @param limit the maximum count, at least 0
   * @return at most {@code limit} credentials
   */
  default List<StoredCredential> candidates(
      TenantId tenant, Set<String> prototypeCodes, Instant now, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    return ofPrototypes(tenant, prototypeCodes).stream()
        .filter(s -> s.metadata().active() && !s.metadata().isExpiredAt(now))
        .limit(limit)
        .toList();
  }

  /**
   * Active credentials with an expiry before an instant, soonest first.
   *
   * @param tenant the tenant
   * @param before the instant
   * @return the credentials
   */
  List<StoredCredential> expiringBefore(TenantId tenant, Instant before);

  /**
   * Across all tenants, for key rotation: how many credentials each key id sealed.
   *
   * @return key id → count
   */
  Map<String, Long> countByKeyId();

  /**
   * Across all tenants, for key rotation: credentials not sealed with a key, ordered by tenant and
   * id, at most {@code limit}.
   *
   * @param keyId the key id to exclude
   * @param limit the maximum count
   * @return the credentials
   */
  List<StoredCredential> notSealedWith(String keyId, int limit);
}
