package dev.credentials.core;

import dev.credentials.Caller;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditLog;
import dev.credentials.audit.AuditQuery;
import dev.credentials.audit.ChainVerification;
import dev.credentials.spi.Permission;
import java.util.Objects;
import java.util.Optional;

/** Reads and verifies the audit log of the caller's tenant. */
final class AuditLogImpl implements AuditLog {

  private final Engine engine;

  AuditLogImpl(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Page<AuditEvent> query(Caller caller, AuditQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    engine.require(caller, Permission.AUDIT, "read the audit log", Optional.empty());
    engine.accesses.flush();
    return engine.read(uow -> uow.audit().events(caller.tenant(), query, page));
  }

  @Override
  public ChainVerification verify(Caller caller) {
    engine.require(caller, Permission.AUDIT, "verify the audit log", Optional.empty());
    engine.accesses.flush();
    return engine.trail.verify(engine.repository, caller.tenant());
  }
}
