package dev.credentials;

/** The credential is inactive and may not be revealed or resolved. */
public class CredentialInactiveException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public CredentialInactiveException(String message) {
    super(ErrorCode.INACTIVE, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public CredentialInactiveException(String message, Throwable cause) {
    super(ErrorCode.INACTIVE, message, cause);
  }
}
