package dev.credentials.core.internal.auditlog;

import dev.credentials.Caller;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditLog;
import dev.credentials.audit.AuditQuery;
import dev.credentials.audit.ChainVerification;
import dev.credentials.core.internal.access.AccessGuard;
import dev.credentials.core.internal.audit.AccessLog;
import dev.credentials.core.internal.audit.AuditTrail;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.Permission;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and verifies the hash-chained audit log of the caller's tenant, after writing out the
 * accesses journalled so far.
 */
public final class ChainedAuditLog implements AuditLog {

  private final AccessGuard guard;
  private final AccessLog accesses;
  private final AuditTrail trail;
  private final CredentialRepository repository;

  /**
   * @param guard who may read the log
   * @param accesses the journal to write out before a read
   * @param trail the chain, for verification
   * @param repository where the events are stored
   */
  public ChainedAuditLog(
      AccessGuard guard, AccessLog accesses, AuditTrail trail, CredentialRepository repository) {
    this.guard = guard;
    this.accesses = accesses;
    this.trail = trail;
    this.repository = repository;
  }

  @Override
  public Page<AuditEvent> query(Caller caller, AuditQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    guard.require(caller, Permission.AUDIT, "read the audit log", Optional.empty());
    accesses.flush();
    return repository.read(uow -> uow.audit().events(caller.tenant(), query, page));
  }

  @Override
  public ChainVerification verify(Caller caller) {
    guard.require(caller, Permission.AUDIT, "verify the audit log", Optional.empty());
    accesses.flush();
    return trail.verify(repository, caller.tenant());
  }
}
