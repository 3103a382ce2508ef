package dev.credentials;

/** The repository failed; the unit of work was rolled back and nothing was written. */
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
}
