package dev.credentials;

/** The credential has expired and may not be revealed or resolved. */
public class CredentialExpiredException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public CredentialExpiredException(String message) {
    super(ErrorCode.EXPIRED, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public CredentialExpiredException(String message, Throwable cause) {
    super(ErrorCode.EXPIRED, message, cause);
  }
}
