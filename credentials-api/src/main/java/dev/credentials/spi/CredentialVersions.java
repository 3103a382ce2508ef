package dev.credentials.spi;

import dev.credentials.CredentialId;
import dev.credentials.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The version history of credentials in one unit of work: earlier (and the current) sealed values,
 * newest first. Every method but the two key-rotation reads is scoped by tenant. Deleting a
 * credential through {@link CredentialRecords#delete} removes its history too.
 */
public interface CredentialVersions {

  /**
   * Records a version.
   *
   * @param version the version
   * @throws dev.credentials.ConcurrentCredentialModificationException when the credential already
   *     holds that version number
   */
  void insert(StoredVersion version);

  /**
   * @param tenant the tenant
   * @param id the credential
   * @return its versions, newest first
   */
  List<StoredVersion> list(TenantId tenant, CredentialId id);

  /**
   * @param tenant the tenant
   * @param id the credential
   * @param version the version number
   * @return the version, or empty
   */
  Optional<StoredVersion> find(TenantId tenant, CredentialId id, long version);

  /**
   * Keeps the newest {@code keep} versions of a credential and securely removes the others (their
   * ciphertext is overwritten before the rows go).
   *
   * @param tenant the tenant
   * @param id the credential
   * @param keep how many to keep, at least 0
   * @return how many were removed
   */
  int trim(TenantId tenant, CredentialId id, int keep);

  /**
   * Replaces the key id and ciphertext of a version (key rotation); nothing else changes.
   *
   * @param version the version, resealed
   * @return true if the version existed
   */
  boolean reseal(StoredVersion version);

  /**
   * Across all tenants, for key rotation: how many versions each key id sealed.
   *
   * @return key id → count
   */
  Map<String, Long> countByKeyId();

  /**
   * Across all tenants, for key rotation: versions not sealed with a key, ordered by tenant,
   * credential id and version, at most {@code limit}.
   *
   * @param keyId the key id to exclude
   * @param limit the maximum count
   * @return the versions
   */
  List<StoredVersion> notSealedWith(String keyId, int limit);
}
