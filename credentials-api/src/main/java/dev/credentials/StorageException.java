package dev.credentials;

/**
 * The repository failed; the unit of work was rolled back and nothing was written. The one
 * exception is the subclass {@link StorageOutcomeUnknownException}: the connection was lost while
 * the unit of work committed, and whether it was written is unknown.
 */
public class StorageException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public StorageException(String message) {
    super(ErrorCode.STORAGE, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public StorageException(String message, Throwable cause) {
    super(ErrorCode.STORAGE, message, cause);
  }

  /**
   * For subclasses with a code of their own.
   *
   * @param code the code
   * @param message what happened and what to do
   * @param cause the cause
   */
  protected StorageException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
