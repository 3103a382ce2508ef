package dev.credentials;

/** The credential changed since the caller read it; read it again and retry. */
public class ConcurrentCredentialModificationException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public ConcurrentCredentialModificationException(String message) {
    super(ErrorCode.CONCURRENT_MODIFICATION, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public ConcurrentCredentialModificationException(String message, Throwable cause) {
    super(ErrorCode.CONCURRENT_MODIFICATION, message, cause);
  }
}
