package dev.credentials.core.internal.access;

import dev.credentials.Caller;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.CredentialId;
import dev.credentials.audit.AuditAction;
import dev.credentials.core.internal.audit.AuditedWrites;
import dev.credentials.spi.AccessPolicy;
import dev.credentials.spi.Permission;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Asks the host's access policy before every operation and audits each denial. */
public final class AccessGuard {

  private final AccessPolicy policy;
  private final AuditedWrites writes;

  /**
   * @param policy who may do what
   * @param writes where denials are audited
   */
  public AccessGuard(AccessPolicy policy, AuditedWrites writes) {
    this.policy = policy;
    this.writes = writes;
  }

  /**
   * Returns when the policy grants the permission; otherwise audits the denial and throws.
   *
   * @param caller who asks
   * @param permission what the operation needs
   * @param operation the operation, for the audit event and the message
   * @param credential the credential concerned, if any
   * @throws CredentialAccessDeniedException when the policy does not grant the permission
   */
  public void require(
      Caller caller, Permission permission, String operation, Optional<CredentialId> credential) {
    if (policy.permits(caller, permission)) {
      return;
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("operation", operation);
    details.put("permission", permission.name());
    writes.auditAlone(caller, AuditAction.ACCESS_DENIED, credential, Optional.empty(), details);
    throw new CredentialAccessDeniedException(
        caller.principal()
            + " may not "
            + operation
            + " in tenant "
            + caller.tenant()
            + " (needs permission "
            + permission
            + "); ask an administrator of the tenant for a role that grants "
            + permission.name().toLowerCase(Locale.ROOT));
  }
}
