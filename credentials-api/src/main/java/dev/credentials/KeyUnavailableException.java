package dev.credentials;

/** Key material is missing, refused or unusable. */
public class KeyUnavailableException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public KeyUnavailableException(String message) {
    super(ErrorCode.KEY_UNAVAILABLE, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public KeyUnavailableException(String message, Throwable cause) {
    super(ErrorCode.KEY_UNAVAILABLE, message, cause);
  }
}
