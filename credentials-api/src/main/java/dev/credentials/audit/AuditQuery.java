package dev.credentials.audit;

import dev.credentials.CredentialId;
import dev.credentials.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Filters for reading a tenant's audit log; all present filters must hold. The tenant comes from
 * the caller.
 *
 * @param credentialId only events of this credential
 * @param action only this action
 * @param principal only this principal, in the form audit events record it: {@code user:alice} or
 *     {@code service:scheduler} ({@link Principal#toString()})
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
   * Only events of this principal, whatever roles it holds.
   *
   * @param p the principal
   * @return a copy with the filter
   */
  public AuditQuery withPrincipal(Principal p) {
    Objects.requireNonNull(p, "principal");
    return withPrincipal(p.toString());
  }

  /**
   * Only events of the principal written the way audit events record it: {@code user:<name>} for a
   * person, {@code service:<name>} for a machine identity ({@link Principal#toString()}).
   *
   * @param p the principal, {@code user:alice} or {@code service:scheduler}
   * @return a copy with the filter
   * @throws IllegalArgumentException if {@code p} does not start with {@code user:} or {@code
   *     service:} followed by a name
   */
  public AuditQuery withPrincipal(String p) {
    Objects.requireNonNull(p, "principal");
    if (!(p.startsWith("user:") && p.length() > 5)
        && !(p.startsWith("service:") && p.length() > 8)) {
      throw new IllegalArgumentException(
          "an audit principal filter is 'user:<name>' or 'service:<name>' (as Principal.toString()"
              + " writes it; or pass the Principal itself), got '"
              + p
              + "'");
    }
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
