package dev.credentials.audit;

import dev.credentials.CredentialId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters for reading a tenant's audit log; all present filters must hold. The tenant comes from
 * the caller.
 *
 * @param credentialId only events of this credential
 * @param action only this action
 * @param principal only this principal ({@code kind:name})
 * @param from only events at or after this instant
 * @param until only events before this instant
 */
public record AuditQuery(
    Optional<CredentialId> credentialId,
    Optional<AuditAction> action,
    Optional<String> principal,
    Optional<Instant> from,
    Optional<Instant> until) {

  /** Validates. */
  public AuditQuery {
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
  }

  /**
   * No filter.
   *
   * @return a query matching every event of the tenant
   */
  public static AuditQuery all() {
    return new AuditQuery(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * @param id the credential
   * @return a copy with the filter
   */
  public AuditQuery withCredential(CredentialId id) {
    return new AuditQuery(Optional.of(id), action, principal, from, until);
  }

  /**
   * @param a the action
   * @return a copy with the filter
   */
  public AuditQuery withAction(AuditAction a) {
    return new AuditQuery(credentialId, Optional.of(a), principal, from, until);
  }

  /**
   * @param p the principal, {@code kind:name}
   * @return a copy with the filter
   */
  public AuditQuery withPrincipal(String p) {
    return new AuditQuery(credentialId, action, Optional.of(p), from, until);
  }

  /**
   * @param fromInclusive the start
   * @param untilExclusive the end
   * @return a copy with the time range
   */
  public AuditQuery between(Instant fromInclusive, Instant untilExclusive) {
    return new AuditQuery(
        credentialId, action, principal, Optional.of(fromInclusive), Optional.of(untilExclusive));
  }

  /**
   * Whether an event matches.
   *
   * @param e the event
   * @return true if every present filter holds
   */
  public boolean matches(AuditEvent e) {
    return credentialId.map(id -> e.credentialId().equals(Optional.of(id))).orElse(true)
        && action.map(e.action()::equals).orElse(true)
        && principal.map(e.principal()::equals).orElse(true)
        && from.map(f -> !e.time().isBefore(f)).orElse(true)
        && until.map(u -> e.time().isBefore(u)).orElse(true);
  }
}
