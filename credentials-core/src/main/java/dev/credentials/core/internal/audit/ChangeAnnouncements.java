package dev.credentials.core.internal.audit;

import dev.credentials.audit.AuditEvent;
import dev.credentials.spi.Change;
import java.util.Optional;

/**
 * The one mapping from an audited write to the change other engines must learn of: every write that
 * can alter what an engine serves is audited, so announcing from the events misses none.
 */
final class ChangeAnnouncements {

  private ChangeAnnouncements() {}

  /**
   * @param e an event appended by a writing unit of work
   * @return the change it announces, or empty for events that change nothing served (accesses,
   *     denials, check results)
   */
  static Optional<Change> of(AuditEvent e) {
    switch (e.action()) {
      case CREATED:
      case UPDATED:
      case DELETED:
      case TESTED:
        return e.credentialId().map(id -> Change.credential(e.tenant(), id));
      case BOUND:
      case UNBOUND:
      case CONSUMER_DECLARED:
        return Optional.of(
            e.consumerId()
                .map(c -> Change.consumer(e.tenant(), c))
                .orElseGet(() -> Change.tenantDefaults(e.tenant())));
      case KEY_ROTATED:
        return e.credentialId().map(id -> Change.rewrapped(e.tenant(), id));
      default:
        return Optional.empty();
    }
  }
}
