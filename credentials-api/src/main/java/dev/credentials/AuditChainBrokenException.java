package dev.credentials;

/**
 * A tenant's audit chain no longer ends where its head says it does: events were deleted from the
 * repository outside this library (the newest ones, which the hash chain alone cannot reveal). The
 * engine refuses to append to such a chain, so every audited operation of the tenant fails until an
 * operator repairs it; the procedure is in {@code docs/operations.md} ("Repairing a truncated audit
 * chain"). Its {@link #code()} is {@link ErrorCode#AUDIT_CHAIN_BROKEN}.
 */
public class AuditChainBrokenException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public AuditChainBrokenException(String message) {
    super(ErrorCode.AUDIT_CHAIN_BROKEN, message);
  }
}
