package dev.credentials.testkit;

import dev.credentials.spi.AuditChain;
import dev.credentials.spi.BindingRecords;
import dev.credentials.spi.CheckLog;
import dev.credentials.spi.CredentialRecords;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.CredentialVersions;
import dev.credentials.spi.DeferralRecords;
import dev.credentials.spi.Leases;
import dev.credentials.spi.PrototypeDocumentRecords;
import dev.credentials.spi.ReminderRecords;
import dev.credentials.spi.UnitOfWork;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A unit of work whose aggregate parts open a unit of work of their own for every call: a read-only
 * one for reads, a transaction for the methods that write ({@link #WRITES}). The kit's tests use it
 * for single reads and writes.
 */
final class EachCallInItsOwnUnit implements UnitOfWork {

  /** The names of the aggregate methods that write. */
  private static final Set<String> WRITES =
      Set.of(
          "insert",
          "update",
          "delete",
          "put",
          "putConsumer",
          "append",
          "tryAcquire",
          "renew",
          "release",
          "defer",
          "clear",
          "trim",
          "reseal",
          "record");

  private final Supplier<CredentialRepository> repository;
  private final CredentialRecords credentials =
      part(CredentialRecords.class, UnitOfWork::credentials);
  private final BindingRecords bindings = part(BindingRecords.class, UnitOfWork::bindings);
  private final CheckLog checks = part(CheckLog.class, UnitOfWork::checks);
  private final AuditChain audit = part(AuditChain.class, UnitOfWork::audit);
  private final PrototypeDocumentRecords documents =
      part(PrototypeDocumentRecords.class, UnitOfWork::prototypeDocuments);
  private final Leases leases = part(Leases.class, UnitOfWork::leases);
  private final DeferralRecords deferrals = part(DeferralRecords.class, UnitOfWork::deferrals);
  private final CredentialVersions versions = part(CredentialVersions.class, UnitOfWork::versions);
  private final ReminderRecords reminders = part(ReminderRecords.class, UnitOfWork::reminders);
  private final dev.credentials.spi.TenantDefaultRecords defaults =
      part(dev.credentials.spi.TenantDefaultRecords.class, UnitOfWork::defaults);

  /**
   * @param repository the repository of the running test
   */
  EachCallInItsOwnUnit(Supplier<CredentialRepository> repository) {
    this.repository = repository;
  }

  @Override
  public CredentialRecords credentials() {
    return credentials;
  }

  @Override
  public BindingRecords bindings() {
    return bindings;
  }

  @Override
  public CheckLog checks() {
    return checks;
  }

  @Override
  public AuditChain audit() {
    return audit;
  }

  @Override
  public PrototypeDocumentRecords prototypeDocuments() {
    return documents;
  }

  @Override
  public Leases leases() {
    return leases;
  }

  @Override
  public DeferralRecords deferrals() {
    return deferrals;
  }

  @Override
  public CredentialVersions versions() {
    return versions;
  }

  @Override
  public ReminderRecords reminders() {
    return reminders;
  }

  @Override
  public dev.credentials.spi.TenantDefaultRecords defaults() {
    return defaults;
  }

  private <P> P part(Class<P> type, Function<UnitOfWork, Object> aggregate) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "each call in its own unit of work: " + type.getSimpleName();
            };
          }
          Function<UnitOfWork, Object> call =
              u -> {
                try {
                  return method.invoke(aggregate.apply(u), args);
                } catch (InvocationTargetException e) {
                  if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                  }
                  if (e.getCause() instanceof Error err) {
                    throw err;
                  }
                  throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                  throw new IllegalStateException(e);
                }
              };
          CredentialRepository r = repository.get();
          return WRITES.contains(method.getName()) ? r.inTransaction(call) : r.read(call);
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
