package dev.credentials;

/** A binding was refused: the topic is not required, or the credential does not provide it. */
public class BindingRejectedException extends CredentialException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do
   */
  public BindingRejectedException(String message) {
    super(ErrorCode.BINDING_REJECTED, message);
  }

  /**
   * @param message what happened and what to do
   * @param cause the cause
   */
  public BindingRejectedException(String message, Throwable cause) {
    super(ErrorCode.BINDING_REJECTED, message, cause);
  }
}
