package dev.credentials;

/** The access policy refused the operation. */
public class CredentialAccessDeniedException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public CredentialAccessDeniedException(String message) {
    super(ErrorCode.ACCESS_DENIED, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public CredentialAccessDeniedException(String message, Throwable cause) {
    super(ErrorCode.ACCESS_DENIED, message, cause);
  }
}
