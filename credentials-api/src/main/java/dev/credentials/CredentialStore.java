package dev.credentials;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where administrators and services create, change, use and remove credentials. Every operation is
 * scoped to the caller's tenant, authorised by the access policy, validated, and audited in the
 * same unit of work as the change. Ids from another tenant behave exactly like absent ones.
 */
public interface CredentialStore {

  /**
   * Validates the values against the prototype, seals them and stores a new credential.
   *
   * @param caller who creates, in which tenant
   * @param credential what to create
   * @return the stored metadata
   * @throws CredentialValidationException when values or metadata are invalid (nothing is written)
   * @throws UnknownPrototypeException when the prototype is not registered
   * @throws DuplicateCredentialException when (tenant, name, environment) is taken
   * @throws CredentialAccessDeniedException when the caller may not manage credentials
   */
  CredentialMetadata create(Caller caller, NewCredential credential);

  /**
   * The metadata of a credential.
   *
   * @param caller who asks
   * @param id the id
   * @return the metadata
   * @throws CredentialNotFoundException when absent in the caller's tenant
   */
  CredentialMetadata get(Caller caller, CredentialId id);

  /**
   * Finds a credential by name in an environment.
   *
   * @param caller who asks
   * @param name the name
   * @param environment the environment
   * @return the metadata, or empty
   */
  Optional<CredentialMetadata> findByName(Caller caller, String name, String environment);

  /**
   * Finds a credential by name in the engine's default environment.
   *
   * @param caller who asks
   * @param name the name
   * @return the metadata, or empty
   */
  Optional<CredentialMetadata> findByName(Caller caller, String name);

  /**
   * Lists credentials, ordered by name, then environment.
   *
   * @param caller who asks
   * @param query the filters
   * @param page which page
   * @return the page
   */
  Page<CredentialMetadata> list(Caller caller, CredentialQuery query, PageRequest page);

  /**
   * Applies a partial update with an optimistic version check.
   *
   * @param caller who updates
   * @param id the id
   * @param update what changes
   * @return the new metadata
   * @throws ConcurrentCredentialModificationException when the version moved on
   * @throws CredentialValidationException when the result is invalid (nothing is written)
   */
  CredentialMetadata update(Caller caller, CredentialId id, CredentialUpdate update);

  /**
   * Deletes a credential securely: the sealed value is overwritten, then the row and its bindings
   * are removed in the same unit of work. Its audit history stays.
   *
   * @param caller who deletes
   * @param id the id
   * @throws CredentialNotFoundException when absent
   */
  void delete(Caller caller, CredentialId id);

  /**
   * Opens a credential's values. Audited as an access listing the fields read.
   *
   * @param caller who reveals
   * @param id the id
   * @return the credential with its values
   * @throws CredentialNotFoundException when absent
   * @throws CredentialInactiveException when inactive
   * @throws CredentialExpiredException when expired
   * @throws CredentialDecryptionException when the values cannot be opened
   */
  RevealedCredential reveal(Caller caller, CredentialId id);

  /**
   * Runs the prototype's connection test under a timeout, records the result on the credential and
   * audits it. A prototype without a test gives {@link CredentialState#UNKNOWN}.
   *
   * @param caller who tests
   * @param id the id
   * @return the result
   */
  CheckResult test(Caller caller, CredentialId id);

  /**
   * Runs the prototype's live availability check now, whatever result is cached (an administrator's
   * availability panel): the result replaces the cached one that launches use, is recorded in the
   * check log and audited, with the same access policy as {@link #test}. A prototype without a
   * check gives {@link CredentialState#UNKNOWN}.
   *
   * @param caller who checks
   * @param id the id
   * @return the result
   */
  CheckResult check(Caller caller, CredentialId id);

  /**
   * Active credentials that expire within a window from now, soonest first.
   *
   * @param caller who asks
   * @param window how far ahead to look
   * @return the credentials
   */
  List<CredentialMetadata> expiringWithin(Caller caller, Duration window);

  /**
   * The versions of a credential's values that the engine keeps, newest first: who wrote each,
   * when, and which fields it changed, never the values. Empty when history is off.
   *
   * @param caller who asks
   * @param id the id
   * @return the versions, newest (the current values) first
   * @throws CredentialNotFoundException when absent
   */
  List<CredentialVersion> versions(Caller caller, CredentialId id);

  /**
   * Opens the values of one version, under the same rules as {@link #reveal}: the caller needs the
   * reveal permission and the credential must be active and unexpired. Audited as an access of that
   * version, listing the fields read.
   *
   * @param caller who reveals
   * @param id the id
   * @param version the version number, from {@link #versions}
   * @return the version with its values
   * @throws CredentialNotFoundException when the credential is absent
   * @throws UnknownCredentialVersionException when it holds no such version
   * @throws CredentialInactiveException when inactive
   * @throws CredentialExpiredException when expired
   */
  RevealedVersion revealVersion(Caller caller, CredentialId id, long version);

  /**
   * Restores the values of an earlier version as a new version, if the credential is still at
   * {@code expectedVersion}. Metadata (name, tags, expiry…) stays as it is now.
   *
   * @param caller who rolls back
   * @param id the id
   * @param version the version whose values come back
   * @param expectedVersion the credential's current version the caller based the decision on
   * @return the new metadata
   * @throws ConcurrentCredentialModificationException when the credential moved on
   * @throws UnknownCredentialVersionException when it holds no such version
   * @throws CredentialValidationException when the old values no longer satisfy the prototype
   */
  CredentialMetadata rollback(Caller caller, CredentialId id, long version, long expectedVersion);
}
