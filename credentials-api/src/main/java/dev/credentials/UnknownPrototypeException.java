package dev.credentials;

/** No prototype with the given code is registered. */
public class UnknownPrototypeException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public UnknownPrototypeException(String message) {
    super(ErrorCode.UNKNOWN_PROTOTYPE, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public UnknownPrototypeException(String message, Throwable cause) {
    super(ErrorCode.UNKNOWN_PROTOTYPE, message, cause);
  }
}
