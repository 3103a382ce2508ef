package dev.credentials;

/** A credential with the same name already exists in the tenant and environment. */
public class DuplicateCredentialException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public DuplicateCredentialException(String message) {
    super(ErrorCode.DUPLICATE, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public DuplicateCredentialException(String message, Throwable cause) {
    super(ErrorCode.DUPLICATE, message, cause);
  }
}
