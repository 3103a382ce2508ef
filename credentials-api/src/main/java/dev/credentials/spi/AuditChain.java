package dev.credentials.spi;

import dev.credentials.Page;
import dev.credentials.PageRequest;
import dev.credentials.TenantId;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import java.util.Optional;

/**
 * The audit chain of one unit of work: per tenant, events numbered from 1 without gaps, each
 * hash-linked to the one before. Events are only ever appended.
 */
public interface AuditChain {

  /**
   * The last event of a tenant's chain. Within a unit of work that appends, this read must be
   * exclusive per tenant (for example a row lock), so that concurrent units of work never fork the
   * chain.
   *
   * @param tenant the tenant
   * @return the last event, or empty for a new tenant
   * @throws dev.credentials.AuditChainBrokenException when the head records an event that is gone
   *     (deleted outside the library): appending would fork or restart the chain
   */
  Optional<AuditEvent> last(TenantId tenant);

  /**
   * The sequence a tenant's chain head records: the last event ever appended. A repository that
   * keeps the head apart from the events (as the JDBC one does) lets verification detect deleted
   * newest events, which the hash chain alone cannot reveal. The default is the sequence of {@link
   * #last}.
   *
   * @param tenant the tenant
   * @return the recorded sequence, 0 for a new tenant
   */
  default long headSequence(TenantId tenant) {
    return last(tenant).map(AuditEvent::sequence).orElse(0L);
  }

  /**
   * Appends an event; its sequence follows the last one of its tenant.
   *
   * @param event the event
   * @throws IllegalStateException when its sequence does not follow the tenant's last one
   */
  void append(AuditEvent event);

  /**
   * Events of a tenant, ordered by sequence.
   *
   * @param tenant the tenant
   * @param query the filters
   * @param page the page
   * @return the page
   */
  Page<AuditEvent> events(TenantId tenant, AuditQuery query, PageRequest page);
}
