package dev.credentials.benchmarks;

import dev.credentials.TenantId;
import dev.credentials.audit.AuditEvent;
import dev.credentials.core.InMemoryCredentialRepository;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The in-memory repository, except that appended audit events are not kept: only each tenant's
 * chain head is, as if events were shipped to an external audit store as they are written. A
 * benchmark that resolves millions of times would otherwise fill the heap with events and measure
 * the garbage collector. The engine still builds, hashes and appends every event.
 */
final class HeadOnlyAudit implements CredentialRepository {

  private final InMemoryCredentialRepository delegate = new InMemoryCredentialRepository();
  private final Map<TenantId, AuditEvent> heads = new ConcurrentHashMap<>();

  @Override
  public <T> T inTransaction(Function<UnitOfWork, T> work) {
    return delegate.inTransaction(uow -> work.apply(wrap(uow)));
  }

  @Override
  public <T> T read(Function<UnitOfWork, T> work) {
    return delegate.read(uow -> work.apply(wrap(uow)));
  }

  /** The repository itself, for reading stored credentials back. */
  InMemoryCredentialRepository delegate() {
    return delegate;
  }

  private UnitOfWork wrap(UnitOfWork uow) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "appendAuditEvent":
              AuditEvent e = (AuditEvent) args[0];
              heads.put(e.tenant(), e);
              return null;
            case "lastAuditEvent":
              return Optional.ofNullable(heads.get((TenantId) args[0]));
            default:
              try {
                return method.invoke(uow, args);
              } catch (InvocationTargetException ex) {
                throw ex.getCause();
              }
          }
        };
    return (UnitOfWork)
        Proxy.newProxyInstance(
            UnitOfWork.class.getClassLoader(), new Class<?>[] {UnitOfWork.class}, handler);
  }
}
