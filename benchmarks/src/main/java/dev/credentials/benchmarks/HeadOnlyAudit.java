package dev.credentials.benchmarks;

import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.spi.AuditChain;
import dev.credentials.spi.BindingRecords;
import dev.credentials.spi.CheckLog;
import dev.credentials.spi.CredentialRecords;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.DeferralRecords;
import dev.credentials.spi.Leases;
import dev.credentials.spi.PrototypeDocumentRecords;
import dev.credentials.spi.UnitOfWork;
import java.util.Map;
import java.util.Optional;
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

  /** Delegates everything but the audit chain, whose events it drops after noting the head. */
  private final class HeadsOnly implements UnitOfWork {
    private final UnitOfWork uow;
    private final AuditChain audit;

    HeadsOnly(UnitOfWork uow) {
      this.uow = uow;
      this.audit =
          new AuditChain() {
            @Override
            public Optional<AuditEvent> last(TenantId tenant) {
              return Optional.ofNullable(heads.get(tenant));
            }

            @Override
            public void append(AuditEvent event) {
              heads.put(event.tenant(), event);
            }

            @Override
            public Page<AuditEvent> events(TenantId tenant, AuditQuery query, PageRequest page) {
              return uow.audit().events(tenant, query, page);
            }
          };
    }

    @Override
    public CredentialRecords credentials() {
      return uow.credentials();
    }

    @Override
    public BindingRecords bindings() {
      return uow.bindings();
    }

    @Override
    public CheckLog checks() {
      return uow.checks();
    }

    @Override
    public AuditChain audit() {
      return audit;
    }

    @Override
    public PrototypeDocumentRecords prototypeDocuments() {
      return uow.prototypeDocuments();
    }

    @Override
    public Leases leases() {
      return uow.leases();
    }

    @Override
    public DeferralRecords deferrals() {
      return uow.deferrals();
    }

    @Override
    public dev.credentials.spi.CredentialVersions versions() {
      return uow.versions();
    }

    @Override
    public dev.credentials.spi.ReminderRecords reminders() {
      return uow.reminders();
    }

    @Override
    public dev.credentials.spi.TenantDefaultRecords defaults() {
      return uow.defaults();
    }
  }
}
