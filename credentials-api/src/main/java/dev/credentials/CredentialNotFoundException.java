package dev.credentials;

/** No credential with the given id or name exists in the caller's tenant. */
public class CredentialNotFoundException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public CredentialNotFoundException(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public CredentialNotFoundException(String message, Throwable cause) {
    super(ErrorCode.NOT_FOUND, message, cause);
  }
}
