package dev.credentials.benchmarks;

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
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.StoredCredential;
import dev.credentials.spi.UnitOfWork;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A repository (the in-memory one unless another is given), except that appended audit events are
 * not kept: only each tenant's chain head is, as if events were shipped to an external audit store
 * as they are written. A benchmark that resolves millions of times would otherwise fill the heap
 * (or the database) with events and measure the garbage collector (or the database's writing). The
 * engine still builds, hashes and appends every event.
 *
 * <p>The unit of work is a plain delegating class (not a {@link java.lang.reflect.Proxy}), so that
 * the benchmark adds no dispatch cost a real repository does not have.
 */
final class HeadOnlyAudit implements CredentialRepository {

  private final CredentialRepository delegate;
  private final Map<TenantId, AuditEvent> heads = new ConcurrentHashMap<>();

  /** Over a new in-memory repository. */
  HeadOnlyAudit() {
    this(new InMemoryCredentialRepository());
  }

  /**
   * Over another repository: it stores and reads everything but the audit events.
   *
   * @param delegate the repository
   */
  HeadOnlyAudit(CredentialRepository delegate) {
    this.delegate = delegate;
  }

  @Override
  public <T> T inTransaction(Function<UnitOfWork, T> work) {
    return delegate.inTransaction(uow -> work.apply(new HeadsOnly(uow)));
  }

  @Override
  public <T> T read(Function<UnitOfWork, T> work) {
    return delegate.read(uow -> work.apply(new HeadsOnly(uow)));
  }

  /** The repository itself, for reading stored credentials back. */
  CredentialRepository delegate() {
    return delegate;
  }

  /** Delegates everything but the two audit-chain methods. */
  private final class HeadsOnly implements UnitOfWork {
    private final UnitOfWork uow;

    HeadsOnly(UnitOfWork uow) {
      this.uow = uow;
    }

    @Override
    public Optional<AuditEvent> lastAuditEvent(TenantId tenant) {
      return Optional.ofNullable(heads.get(tenant));
    }

    @Override
    public void appendAuditEvent(AuditEvent event) {
      heads.put(event.tenant(), event);
    }

    @Override
    public void insertCredential(StoredCredential credential) {
      uow.insertCredential(credential);
    }

    @Override
    public void updateCredential(StoredCredential credential, long expectedVersion) {
      uow.updateCredential(credential, expectedVersion);
    }

    @Override
    public boolean deleteCredential(TenantId tenant, CredentialId id) {
      return uow.deleteCredential(tenant, id);
    }

    @Override
    public Optional<StoredCredential> credential(TenantId tenant, CredentialId id) {
      return uow.credential(tenant, id);
    }

    @Override
    public Map<CredentialId, StoredCredential> credentials(
        TenantId tenant, Collection<CredentialId> ids) {
      return uow.credentials(tenant, ids);
    }

    @Override
    public Optional<StoredCredential> credentialByName(
        TenantId tenant, String name, String environment) {
      return uow.credentialByName(tenant, name, environment);
    }

    @Override
    public Page<StoredCredential> listCredentials(
        TenantId tenant, CredentialQuery query, PageRequest page) {
      return uow.listCredentials(tenant, query, page);
    }

    @Override
    public List<StoredCredential> credentialsOfPrototypes(
        TenantId tenant, Set<String> prototypeCodes) {
      return uow.credentialsOfPrototypes(tenant, prototypeCodes);
    }

    @Override
    public List<StoredCredential> candidatesOfPrototypes(
        TenantId tenant, Set<String> prototypeCodes, Instant now, int limit) {
      return uow.candidatesOfPrototypes(tenant, prototypeCodes, now, limit);
    }

    @Override
    public List<StoredCredential> credentialsExpiringBefore(TenantId tenant, Instant before) {
      return uow.credentialsExpiringBefore(tenant, before);
    }

    @Override
    public Map<String, Long> countByKeyId() {
      return uow.countByKeyId();
    }

    @Override
    public List<StoredCredential> credentialsNotSealedWith(String keyId, int limit) {
      return uow.credentialsNotSealedWith(keyId, limit);
    }

    @Override
    public void putConsumer(TenantId tenant, Consumer consumer) {
      uow.putConsumer(tenant, consumer);
    }

    @Override
    public Optional<Consumer> consumer(TenantId tenant, String consumerId) {
      return uow.consumer(tenant, consumerId);
    }

    @Override
    public void putBinding(Binding binding) {
      uow.putBinding(binding);
    }

    @Override
    public boolean deleteBinding(TenantId tenant, String consumerId, Topic topic) {
      return uow.deleteBinding(tenant, consumerId, topic);
    }

    @Override
    public List<Binding> bindings(TenantId tenant, String consumerId) {
      return uow.bindings(tenant, consumerId);
    }

    @Override
    public List<Binding> bindingsOfCredential(TenantId tenant, CredentialId credentialId) {
      return uow.bindingsOfCredential(tenant, credentialId);
    }

    @Override
    public void appendCheckResult(TenantId tenant, CredentialId credentialId, CheckResult result) {
      uow.appendCheckResult(tenant, credentialId, result);
    }

    @Override
    public Map<CredentialId, CheckResult> latestCheckResults(
        TenantId tenant, Collection<CredentialId> ids) {
      return uow.latestCheckResults(tenant, ids);
    }

    @Override
    public Page<AuditEvent> auditEvents(TenantId tenant, AuditQuery query, PageRequest page) {
      return uow.auditEvents(tenant, query, page);
    }

    @Override
    public void putPrototypeDocument(String code, String json) {
      uow.putPrototypeDocument(code, json);
    }

    @Override
    public Map<String, String> prototypeDocuments() {
      return uow.prototypeDocuments();
    }
  }
}
