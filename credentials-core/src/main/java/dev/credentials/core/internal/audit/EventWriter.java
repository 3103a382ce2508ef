package dev.credentials.core.internal.audit;

import dev.credentials.audit.AuditEvent;
import dev.credentials.spi.AuditSink;
import dev.credentials.spi.CredentialRepository;
import dev.credentials.spi.UnitOfWork;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work that append audit events to the chain, and hands the committed events to the
 * host's sinks. The lowest layer of the audit: it calls only the repository, the {@link AuditTrail}
 * and the sinks.
 */
public final class EventWriter {

  private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

  private final CredentialRepository repository;
  private final AuditTrail trail;
  private final List<AuditSink> sinks;

  /**
   * A writer over one repository.
   *
   * @param repository where events are stored
   * @param trail how events are chained
   * @param sinks who receives committed events
   */
  public EventWriter(CredentialRepository repository, AuditTrail trail, List<AuditSink> sinks) {
    this.repository = repository;
    this.trail = trail;
    this.sinks = List.copyOf(sinks);
  }

  /**
   * @return the chain the events are appended to
   */
  public AuditTrail trail() {
    return trail;
  }

  /**
   * @return the repository the events are written to
   */
  public CredentialRepository repository() {
    return repository;
  }

  /**
   * Runs a unit of work that appends audit events, then hands them to the sinks.
   *
   * @param fn the work, returning the events it appended
   */
  public void writeEvents(Function<UnitOfWork, List<AuditEvent>> fn) {
    publish(repository.inTransaction(fn));
  }

  /**
   * Hands committed events to every sink; a failing sink is logged (without details) and skipped.
   *
   * @param events the committed events
   */
  public void publish(List<AuditEvent> events) {
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
}
