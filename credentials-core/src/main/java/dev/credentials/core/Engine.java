package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialNotFoundException;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.core.prototype.PrototypeRegistry;
import dev.credentials.spi.AccessPolicy;
import dev.credentials.spi.AuditSink;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.LaunchListener;
import dev.credentials.spi.Permission;
import dev.credentials.spi.UnitOfWork;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every part of the engine shares: repository, keys, registry, policy, audit, clock. */
final class Engine {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  final CredentialRepository repository;
  final PrototypeRegistry registry;
  final Sealer sealer;
  final Clock clock;
  final AccessPolicy policy;
  final AuditTrail trail;
  final List<AuditSink> sinks;
  final List<LaunchListener> listeners;
  final String defaultEnvironment;
  final AccessJournal accesses;

  /** Per-tenant generation, bumped by every change that affects a resolve. */
  private final Map<TenantId, AtomicLong> generations = new ConcurrentHashMap<>();

  Engine(
      CredentialRepository repository,
      PrototypeRegistry registry,
      CredentialKeys keys,
      Clock clock,
      AccessPolicy policy,
      List<AuditSink> sinks,
      List<LaunchListener> listeners,
      String defaultEnvironment,
      AccessAudit accessAudit) {
    this.repository = repository;
    this.registry = registry;
    this.sealer = new Sealer(keys);
    this.clock = clock;
    this.policy = policy;
    this.trail = new AuditTrail(clock);
    this.sinks = List.copyOf(sinks);
    this.listeners = List.copyOf(listeners);
    this.defaultEnvironment = defaultEnvironment;
    this.accesses = new AccessJournal(this, accessAudit);
  }

  /** A unit of work with the caller, collecting the audit events it writes. */
  final class Work {
    final UnitOfWork uow;
    final Caller caller;
    final List<AuditEvent> events = new ArrayList<>();

    Work(UnitOfWork uow, Caller caller) {
      this.uow = uow;
      this.caller = caller;
    }

    void audit(
        AuditAction action,
        Optional<CredentialId> credential,
        Optional<String> consumer,
        Map<String, String> details) {
      events.add(trail.append(uow, caller, action, credential, consumer, details));
    }
  }

  /**
   * Runs a writing unit of work; its audit events commit with it and reach the sinks after commit.
   * The function may be re-run by a repository that retries on serialization failures. Access
   * events journalled before it are written first, so the chain keeps the order of this process.
   */
  <T> T write(Caller caller, Function<Work, T> fn) {
    if (accesses.pending() > 0) {
      // accesses recorded before this change take their place in the chain before it
      accesses.flush();
    }
    List<Work> last = new ArrayList<>(1);
    T result =
        repository.inTransaction(
            uow -> {
              Work w = new Work(uow, caller);
              last.clear();
              last.add(w);
              return fn.apply(w);
            });
    publish(last.isEmpty() ? List.of() : last.get(0).events);
    return result;
  }

  /** Runs a unit of work that appends audit events, then hands them to the sinks. */
  void writeEvents(Function<UnitOfWork, List<AuditEvent>> fn) {
    publish(repository.inTransaction(fn));
  }

  /**
   * Audits one access (see {@link AccessAudit}) before its values are returned, at the instant the
   * values were judged current (one clock read serves both).
   */
  void accessed(
      Caller caller,
      Instant time,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Map<String, String> details) {
    accesses.record(
        new AccessJournal.Access(
            caller, time, consumer, List.of(new AccessJournal.Read(credential, details))));
  }

  <T> T read(Function<UnitOfWork, T> fn) {
    return repository.read(fn);
  }

  private void publish(List<AuditEvent> events) {
    for (AuditEvent e : events) {
      for (AuditSink sink : sinks) {
        try {
          sink.accept(e);
        } catch (RuntimeException ex) {
          LOG.warn(
              "audit sink {} failed for event {} of tenant {}: {}",
              sink.getClass().getName(),
              e.sequence(),
              e.tenant(),
              ex.getClass().getName());
        }
      }
    }
  }

  /** Writes one audit event in its own unit of work (for denials and failed accesses). */
  void auditAlone(
      Caller caller,
      AuditAction action,
      Optional<CredentialId> credential,
      Optional<String> consumer,
      Map<String, String> details) {
    write(
        caller,
        w -> {
          w.audit(action, credential, consumer, details);
          return null;
        });
  }

  /** Throws (and audits) when the policy does not grant the permission. */
  void require(
      Caller caller, Permission permission, String operation, Optional<CredentialId> credential) {
    if (policy.permits(caller, permission)) {
      return;
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("operation", operation);
    details.put("permission", permission.name());
    auditAlone(caller, AuditAction.ACCESS_DENIED, credential, Optional.empty(), details);
    throw new CredentialAccessDeniedException(
        caller.principal()
            + " may not "
            + operation
            + " in tenant "
            + caller.tenant()
            + " (needs permission "
            + permission
            + "); ask an administrator of the tenant for a role that grants "
            + permission.name().toLowerCase(Locale.ROOT));
  }

  /** Audits a failed access and returns the exception to throw. */
  <E extends RuntimeException> E failedAccess(
      Caller caller, CredentialId id, String reason, E exception) {
    auditAlone(
        caller,
        AuditAction.ACCESS_FAILED,
        Optional.of(id),
        Optional.empty(),
        Map.of("reason", reason));
    return exception;
  }

  static CredentialNotFoundException notFound(TenantId tenant, CredentialId id) {
    return new CredentialNotFoundException(
        "no credential with id "
            + id
            + " in tenant "
            + tenant
            + "; list the tenant's credentials to find the right id");
  }

  /** Marks a tenant's cached resolve plans stale. */
  void invalidate(TenantId tenant) {
    generations.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
  }

  long generation(TenantId tenant) {
    AtomicLong g = generations.get(tenant);
    return g == null ? 0 : g.get();
  }
}
