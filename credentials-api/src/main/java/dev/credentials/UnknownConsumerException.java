package dev.credentials;

/** The consumer is not declared in the caller's tenant. */
public class UnknownConsumerException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public UnknownConsumerException(String message) {
    super(ErrorCode.UNKNOWN_CONSUMER, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public UnknownConsumerException(String message, Throwable cause) {
    super(ErrorCode.UNKNOWN_CONSUMER, message, cause);
  }
}
