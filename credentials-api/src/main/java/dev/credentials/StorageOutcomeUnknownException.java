package dev.credentials;

/**
 * The connection to the database was lost while a unit of work committed, so whether its changes
 * (and their audit events) were written is unknown: they may all be there, or none. Nothing was
 * partly written: a transaction commits whole or not at all.
 *
 * <p>Do not repeat a non-idempotent operation blindly: read the state first (for example {@code
 * store().findByName(...)} after a create, or the credential's version after an update), then
 * repeat only what is missing. Its {@link #code()} is {@link ErrorCode#STORAGE_OUTCOME_UNKNOWN}.
 */
public class StorageOutcomeUnknownException extends StorageException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public StorageOutcomeUnknownException(String message, Throwable cause) {
    super(ErrorCode.STORAGE_OUTCOME_UNKNOWN, message, cause);
  }
}
