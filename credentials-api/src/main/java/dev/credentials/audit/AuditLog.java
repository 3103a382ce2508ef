package dev.credentials.audit;

import dev.credentials.Caller;
import dev.credentials.Page;
import dev.credentials.PageRequest;

/** Reads and verifies a tenant's audit log. Reading it requires the admin role. */
public interface AuditLog {
  /**
   * Events of the caller's tenant, oldest first.
   *
   * @param caller who reads
   * @param query the filters
   * @param page which page
   * @return the page
   */
  Page<AuditEvent> query(Caller caller, AuditQuery query, PageRequest page);

  /**
   * Walks the caller's tenant's hash chain from the first event and reports the first break.
   *
   * @param caller who verifies
   * @return the outcome
   */
  ChainVerification verify(Caller caller);
}
