package dev.credentials.core.internal.audit;

import dev.credentials.Caller;
import dev.credentials.CredentialId;
import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.spi.Change;
import dev.credentials.spi.UnitOfWork;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the services' writing units of work: the changes and their audit events commit together, and
 * the events reach the sinks after commit. Accesses journalled before a change are written first,
 * so the chain keeps the order of this process. Every change its events name is announced in the
 * same unit of work on the repository's change log ({@link ChangeAnnouncements}), so other engines
 * on the repository learn of it on commit.
 */
public final class AuditedWrites {

  /** A unit of work with its caller, collecting the audit events it appends. */
  public static final class Work {
    private final UnitOfWork uow;
    private final Caller caller;
    private final AuditTrail trail;
    private final List<AuditEvent> events = new ArrayList<>();
    private final Set<Change> announced = new LinkedHashSet<>();

    Work(UnitOfWork uow, Caller caller, AuditTrail trail) {
      this.uow = uow;
      this.caller = caller;
      this.trail = trail;
    }

    /**
     * @return the unit of work
     */
    public UnitOfWork uow() {
      return uow;
    }

    /**
     * Appends an event of this work's caller at the trail's clock.
     *
     * @param action what happened
     * @param credential the credential concerned, if any
     * @param consumer the consumer concerned, if any
     * @param details the details, never values
     */
    public void audit(
        AuditAction action,
        Optional<CredentialId> credential,
        Optional<String> consumer,
        Map<String, String> details) {
      audit(caller, action, credential, consumer, details);
    }

    /**
     * Appends an event of another caller (key rotation audits per tenant).
     *
     * @param as the caller the event names
     * @param action what happened
     * @param credential the credential concerned, if any
     * @param consumer the consumer concerned, if any
     * @param details the details, never values
     */
    public void audit(
        Caller as,
        AuditAction action,
        Optional<CredentialId> credential,
        Optional<String> consumer,
        Map<String, String> details) {
      events.add(trail.append(uow, as, action, credential, consumer, details));
    }

    /**
     * Announces a change that no audit event of this work names (audited changes are announced by
     * {@link AuditedWrites#write} itself): it reaches the other engines when the work commits.
     *
     * @param change the change
     */
    public void announce(Change change) {
      announced.add(Objects.requireNonNull(change, "change"));
    }

    /** Announces, in this unit of work, every change its events and explicit calls name. */
    void announceChanges() {
      for (AuditEvent e : events) {
        ChangeAnnouncements.of(e).ifPresent(announced::add);
      }
      for (Change c : announced) {
        uow.changes().announce(c);
      }
    }
  }

  private final AccessLog accesses;
  private final EventWriter events;

  /**
   * @param accesses the journal whose pending accesses go before each change
   * @param events how events are written and published
   */
  public AuditedWrites(AccessLog accesses, EventWriter events) {
    this.accesses = accesses;
    this.events = events;
  }

  /**
   * Runs a writing unit of work; its audit events commit with it and reach the sinks after commit.
   * The function may be re-run by a repository that retries on serialization failures.
   *
   * @param caller who writes
   * @param fn the work
   * @param <T> its result
   * @return the work's result
   */
  public <T> T write(Caller caller, Function<Work, T> fn) {
    if (accesses.pending() > 0) {
      // accesses recorded before this change take their place in the chain before it
      accesses.flush();
    }
    List<Work> last = new ArrayList<>(1);
    T result =
        events
            .repository()
            .inTransaction(
                uow -> {
                  Work w = new Work(uow, caller, events.trail());
                  last.clear();
                  last.add(w);
                  T r = fn.apply(w);
                  w.announceChanges();
                  return r;
                });
    events.publish(last.isEmpty() ? List.of() : last.get(0).events);
    return result;
  }

  /**
   * Writes one audit event in its own unit of work (for denials and failed accesses).
   *
   * @param caller who acted
   * @param action what happened
   * @param credential the credential concerned, if any
   * @param consumer the consumer concerned, if any
   * @param details the details, never values
   */
  public void auditAlone(
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

  /**
   * Audits a failed access and returns the exception to throw.
   *
   * @param caller who tried
   * @param id the credential
   * @param reason why it failed, never a value
   * @param exception what to throw
   * @param <E> its type
   * @return {@code exception}
   */
  public <E extends RuntimeException> E failedAccess(
      Caller caller, CredentialId id, String reason, E exception) {
    auditAlone(
        caller,
        AuditAction.ACCESS_FAILED,
        Optional.of(id),
        Optional.empty(),
        Map.of("reason", reason));
    return exception;
  }
}
