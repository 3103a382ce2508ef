package dev.credentials.spi;

import dev.credentials.audit.AuditEvent;

/**
 * Receives audit events after their unit of work commits, to forward them to a SIEM, a log pipeline
 * or a message bus. The repository remains the record of truth; a sink that throws is logged and
 * does not undo the operation.
 */
@FunctionalInterface
public interface AuditSink {
  /**
   * @param event a committed event
   */
  void accept(AuditEvent event);
}
