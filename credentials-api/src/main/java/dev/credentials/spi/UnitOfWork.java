package dev.credentials.spi;

import dev.credentials.Binding;
import dev.credentials.CheckResult;
import dev.credentials.Consumer;
import dev.credentials.CredentialId;
import dev.credentials.CredentialQuery;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.Topic;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations of one atomic unit of work on a {@link CredentialRepository}. Everything done
 * through one instance commits together or not at all. Every method is scoped by tenant: nothing of
 * another tenant is ever read, changed or counted. Instances are used by one thread and are invalid
 * after the unit of work ends.
 */
public interface UnitOfWork {

  // ---- credentials

  /**
   * Inserts a new credential.
   *
   * @param credential the credential
   * @throws dev.credentials.DuplicateCredentialException when (tenant, name, environment) or the id
   *     is taken
   */
  void insertCredential(StoredCredential credential);

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
  void updateCredential(StoredCredential credential, long expectedVersion);

  /**
   * Securely deletes a credential: overwrites its sealed value, then removes it with its bindings
   * and check results. Audit events stay.
   *
   * @param tenant the tenant
   * @param id the id
   * @return true if it existed
   */
  boolean deleteCredential(TenantId tenant, CredentialId id);

  /**
   * @param tenant the tenant
   * @param id the id
   * @return the credential, or empty
   */
  Optional<StoredCredential> credential(TenantId tenant, CredentialId id);

  /**
   * Credentials by id, in one round trip.
   *
   * @param tenant the tenant
   * @param ids the ids
   * @return the found credentials by id; absent ids are missing from the map
   */
  Map<CredentialId, StoredCredential> credentials(TenantId tenant, Collection<CredentialId> ids);

  /**
   * @param tenant the tenant
   * @param name the name
   * @param environment the environment
   * @return the credential, or empty
   */
  Optional<StoredCredential> credentialByName(TenantId tenant, String name, String environment);

  /**
   * Lists metadata-filtered credentials ordered by name, environment, id.
   *
   * @param tenant the tenant
   * @param query the filters
   * @param page the page
   * @return the page
   */
  Page<StoredCredential> listCredentials(TenantId tenant, CredentialQuery query, PageRequest page);

  /**
   * Credentials of any of the given prototypes, ordered by name, environment, id.
   *
   * @param tenant the tenant
   * @param prototypeCodes the prototype codes
   * @return the credentials
   */
  List<StoredCredential> credentialsOfPrototypes(TenantId tenant, Set<String> prototypeCodes);

  /**
   * The first {@code limit} usable candidates for a binding: active credentials of any of the given
   * prototypes that have not expired at {@code now}, ordered by name, environment, id. Phase-1
   * status calls this for every unbound requirement, so repositories should answer it from an index
   * (the default filters {@link #credentialsOfPrototypes} and suits small tenants only).
   *
   * @param tenant the tenant
   * @param prototypeCodes the prototype codes
   * @param now the instant expiry is judged at
   * @param limit the maximum count, at least 0
   * @return at most {@code limit} credentials
   */
  default List<StoredCredential> candidatesOfPrototypes(
      TenantId tenant, Set<String> prototypeCodes, Instant now, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    return credentialsOfPrototypes(tenant, prototypeCodes).stream()
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
  List<StoredCredential> credentialsExpiringBefore(TenantId tenant, Instant before);

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
  List<StoredCredential> credentialsNotSealedWith(String keyId, int limit);

  // ---- consumers and bindings

  /**
   * Stores or replaces a consumer.
   *
   * @param tenant the tenant
   * @param consumer the consumer
   */
  void putConsumer(TenantId tenant, Consumer consumer);

  /**
   * @param tenant the tenant
   * @param consumerId the id
   * @return the consumer, or empty
   */
  Optional<Consumer> consumer(TenantId tenant, String consumerId);

  /**
   * Stores a binding, replacing the one for the same (tenant, consumer, topic).
   *
   * @param binding the binding
   */
  void putBinding(Binding binding);

  /**
   * @param tenant the tenant
   * @param consumerId the consumer
   * @param topic the topic
   * @return true if a binding was removed
   */
  boolean deleteBinding(TenantId tenant, String consumerId, Topic topic);

  /**
   * @param tenant the tenant
   * @param consumerId the consumer
   * @return its bindings, ordered by topic
   */
  List<Binding> bindings(TenantId tenant, String consumerId);

  /**
   * @param tenant the tenant
   * @param credentialId the credential
   * @return the bindings that use it
   */
  List<Binding> bindingsOfCredential(TenantId tenant, CredentialId credentialId);

  // ---- check results

  /**
   * Appends a live-check or connection-test result to the check log.
   *
   * @param tenant the tenant
   * @param credentialId the credential
   * @param result the result
   */
  void appendCheckResult(TenantId tenant, CredentialId credentialId, CheckResult result);

  /**
   * The latest logged result of each credential, in one round trip.
   *
   * @param tenant the tenant
   * @param ids the credentials
   * @return the latest results by credential
   */
  Map<CredentialId, CheckResult> latestCheckResults(TenantId tenant, Collection<CredentialId> ids);

  // ---- audit

  /**
   * The last event of a tenant's chain. Within a unit of work that appends, this read must be
   * exclusive per tenant (for example a row lock), so that concurrent units of work never fork the
   * chain.
   *
   * @param tenant the tenant
   * @return the last event, or empty for a new tenant
   */
  Optional<AuditEvent> lastAuditEvent(TenantId tenant);

  /**
   * Appends an event; its sequence follows the last one of its tenant.
   *
   * @param event the event
   */
  void appendAuditEvent(AuditEvent event);

  /**
   * Events of a tenant, ordered by sequence.
   *
   * @param tenant the tenant
   * @param query the filters
   * @param page the page
   * @return the page
   */
  Page<AuditEvent> auditEvents(TenantId tenant, AuditQuery query, PageRequest page);

  // ---- imported prototype documents

  /**
   * Stores or replaces an imported JSON prototype document.
   *
   * @param code the prototype code
   * @param json the document
   */
  void putPrototypeDocument(String code, String json);

  /**
   * @return every imported document, by prototype code
   */
  Map<String, String> prototypeDocuments();
}
